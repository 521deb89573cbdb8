import { resolve } from 'node:path';

/** The workspace's models/ directory, built by the global setup. */
export const modelsDir = resolve(import.meta.dirname, '../../../../models');

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`${a.length} vs ${b.length} values`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
