import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { HUMAN_MODELS_VERSION, SOURCE_PACKAGE } from './catalogue';
import type { BuildOptions } from './convert';

/**
 * The workspace's layout: face-api's weights from the installed package, human-models' PAD
 * models from the copy vendored in this tool, models in `models/`, the manifest in libs/face-models.
 */
export function defaultBuildOptions(workspaceRoot: string): Omit<BuildOptions, 'updateManifest'> {
  const require = createRequire(join(workspaceRoot, 'package.json'));
  return {
    faceApiRoot: dirname(require.resolve(`${SOURCE_PACKAGE}/package.json`)),
    humanModelsRoot: join(workspaceRoot, 'tools', 'face-model-converter', 'vendor', `human-models-${HUMAN_MODELS_VERSION}`),
    outDir: join(workspaceRoot, 'models'),
    manifestPath: join(workspaceRoot, 'libs', 'face-models', 'model-manifest.json'),
  };
}
