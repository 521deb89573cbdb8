import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The ports and the code around them stay free of onnxruntime-node and sharp: those are only
 * imported under src/onnx and src/sharp, and the main entry point does not re-export them.
 */
const src = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^;]*?from\s+'([^']+)'|import\('([^']+)'\)/g)].map((match) => match[1] ?? match[2]!);
}

describe('face-models purity', () => {
  const files = sourceFiles(src).map((file) => ({ path: relative(src, file), imports: importsOf(file) }));

  it('only src/onnx imports onnxruntime-node', () => {
    const offenders = files.filter((file) => !file.path.startsWith('onnx/') && file.imports.some((spec) => spec.startsWith('onnxruntime')));
    expect(offenders.map((file) => file.path)).toEqual([]);
    expect(files.some((file) => file.path.startsWith('onnx/') && file.imports.includes('onnxruntime-node'))).toBe(true);
  });

  it('only src/sharp imports sharp', () => {
    const offenders = files.filter((file) => !file.path.startsWith('sharp/') && file.imports.includes('sharp'));
    expect(offenders.map((file) => file.path)).toEqual([]);
  });

  it('the ports import nothing but types of this library', () => {
    for (const file of files.filter((f) => f.path.startsWith('ports/'))) {
      expect(file.imports.every((spec) => spec.startsWith('../') || spec.startsWith('./')), file.path).toBe(true);
      expect(readFileSync(join(src, file.path), 'utf8')).not.toMatch(/^import (?!type )/m);
    }
  });

  it('the main entry point does not reach src/onnx or src/sharp', () => {
    const reachable = new Set<string>();
    const visit = (path: string) => {
      if (reachable.has(path)) return;
      reachable.add(path);
      for (const spec of files.find((file) => file.path === path)?.imports ?? []) {
        if (!spec.startsWith('.')) continue;
        const target = join(path, '..', spec).replace(/\\/g, '/');
        visit(files.some((file) => file.path === `${target}.ts`) ? `${target}.ts` : `${target}/index.ts`);
      }
    };
    visit('index.ts');
    expect([...reachable].filter((path) => path.startsWith('onnx/') || path.startsWith('sharp/'))).toEqual([]);
  });
});
