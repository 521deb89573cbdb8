import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFaceModels } from './convert';
import { defaultBuildOptions } from './paths';

/**
 * `npm run build:face-models [-- --update-manifest]`: converts the pinned face-api weights and
 * the vendored human-models PAD nets to ONNX in models/, and fails (exit 1, nothing written)
 * when any input or output hash differs from libs/face-models/model-manifest.json. Run from
 * the workspace root.
 */
function main(): number {
  const { values } = parseArgs({
    options: { 'update-manifest': { type: 'boolean', default: false }, 'out-dir': { type: 'string' }, manifest: { type: 'string' }, source: { type: 'string' }, 'human-models': { type: 'string' } },
    strict: true,
  });
  const root = process.cwd();
  if (!existsSync(join(root, 'nx.json'))) {
    console.error('build:face-models: run from the workspace root (no nx.json here)');
    return 2;
  }
  const defaults = defaultBuildOptions(root);
  const started = performance.now();
  const result = buildFaceModels({
    faceApiRoot: values.source ?? defaults.faceApiRoot,
    humanModelsRoot: values['human-models'] ?? defaults.humanModelsRoot,
    outDir: values['out-dir'] ?? defaults.outDir,
    manifestPath: values.manifest ?? defaults.manifestPath,
    updateManifest: values['update-manifest'],
  });
  if (result.differences.length > 0) {
    console.error('build:face-models: the conversion does not match the committed model manifest; no model was written.');
    for (const line of result.differences) console.error(`  ${line}`);
    console.error('If the change is intended (a new pinned source version or converter revision), run `npm run build:face-models -- --update-manifest` and commit the manifest.');
    return 1;
  }
  for (const [i, model] of result.manifest.models.entries()) {
    console.log(`${model.id} ${model.version}  ${relative(root, result.written[i]!)}  ${(model.output.bytes / 1e6).toFixed(2)} MB  sha256 ${model.output.sha256}`);
  }
  console.log(`${values['update-manifest'] ? 'manifest updated' : 'hashes match the manifest'}; ${result.written.length} models in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

process.exitCode = main();
