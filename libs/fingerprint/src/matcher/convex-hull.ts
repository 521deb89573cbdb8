/**
 * Convex hull of points (Andrew's monotone chain), counter-clockwise, without collinear points,
 * as flat `[x0, y0, x1, y1, …]`.
 */
export function convexHull(xs: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: xs.length }, (_, index) => index).sort((a, b) => xs[a]! - xs[b]! || ys[a]! - ys[b]!);
  const cross = (o: number, a: number, b: number): number => (xs[a]! - xs[o]!) * (ys[b]! - ys[o]!) - (ys[a]! - ys[o]!) * (xs[b]! - xs[o]!);
  const lower: number[] = [];
  for (const index of order) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, index) <= 0) lower.pop();
    lower.push(index);
  }
  const upper: number[] = [];
  for (let position = order.length - 1; position >= 0; position--) {
    const index = order[position]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, index) <= 0) upper.pop();
    upper.push(index);
  }
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  const unique = hull.length === 0 && order.length > 0 ? [order[0]!] : hull;
  const flat = new Float64Array(unique.length * 2);
  unique.forEach((index, position) => {
    flat[2 * position] = xs[index]!;
    flat[2 * position + 1] = ys[index]!;
  });
  return flat;
}

/** Whether (x, y) lies inside the counter-clockwise convex `hull` or within `margin` of it (the MCC paper's hull enlarged by Ω). */
export function withinHull(hull: Float64Array, x: number, y: number, margin: number): boolean {
  const count = hull.length / 2;
  if (count === 0) return false;
  let inside = count >= 3;
  let nearest = Infinity;
  for (let index = 0; index < count; index++) {
    const ax = hull[2 * index]!;
    const ay = hull[2 * index + 1]!;
    const next = (index + 1) % count;
    const bx = hull[2 * next]!;
    const by = hull[2 * next + 1]!;
    const ex = bx - ax;
    const ey = by - ay;
    if (ex * (y - ay) - ey * (x - ax) < 0) inside = false;
    const lengthSquared = ex * ex + ey * ey;
    const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / lengthSquared));
    const dx = x - (ax + t * ex);
    const dy = y - (ay + t * ey);
    nearest = Math.min(nearest, dx * dx + dy * dy);
  }
  return inside || nearest <= margin * margin;
}
