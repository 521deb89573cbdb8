import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SOURCE_PACKAGE } from './catalogue';
import type { BuildOptions } from './convert';

/** The workspace's layout: weights from the installed source package, models in `models/`, the manifest in libs/face-models. */
export function defaultBuildOptions(workspaceRoot: string): Omit<BuildOptions, 'updateManifest'> {
  const require = createRequire(join(workspaceRoot, 'package.json'));
  return {
    sourceRoot: dirname(require.resolve(`${SOURCE_PACKAGE}/package.json`)),
    outDir: join(workspaceRoot, 'models'),
    manifestPath: join(workspaceRoot, 'libs', 'face-models', 'model-manifest.json'),
  };
}
