import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildFaceModels, defaultBuildOptions, staleModelFiles, type ModelManifest } from '@citizen-zero/face-model-converter';

/**
 * Builds models/ from node_modules when a model file is missing or differs from the committed
 * manifest (a fresh checkout, or a converter change), and fails the run when the conversion
 * does not reproduce the manifest's hashes.
 */
export default function setup(): void {
  const options = defaultBuildOptions(resolve(import.meta.dirname, '../../..'));
  const manifest = JSON.parse(readFileSync(options.manifestPath, 'utf8')) as ModelManifest;
  if (staleModelFiles(options.outDir, manifest).length === 0) return;
  const result = buildFaceModels(options);
  if (result.differences.length > 0) {
    throw new Error(`the face model conversion does not match ${options.manifestPath}:\n  ${result.differences.join('\n  ')}`);
  }
}
