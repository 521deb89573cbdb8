import { describe, expect, it } from 'vitest';
import {
  ARCFACE_REFERENCE_112,
  alignFace,
  applyTransform,
  arcFaceReference,
  estimateSimilarity,
  faceApiReference,
  fivePoints,
  invertTransform,
  nativeArcFaceReference,
  similarityTransform,
  warpSimilarity,
  type Point,
  type RgbImage,
} from '@citizen-zero/face-analysis';
import { codeOf } from './support/assertions';
import { posedLandmarks, renderFace } from './support/synthetic-face';

const sumOfSquares = (source: readonly Point[], destination: readonly Point[], scale: number, rotation: number, tx: number, ty: number): number =>
  source.reduce((sum, point, index) => {
    const mapped = applyTransform(similarityTransform(scale, rotation, { x: tx, y: ty }), point);
    return sum + (mapped.x - destination[index]!.x) ** 2 + (mapped.y - destination[index]!.y) ** 2;
  }, 0);

/** Channel values linear in x and y: bilinear interpolation reproduces them exactly. */
function linearImage(width: number, height: number): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[(y * width + x) * 3] = 2 * x + 0.5 * y + 10;
      data[(y * width + x) * 3 + 1] = -x + 3 * y + 100;
      data[(y * width + x) * 3 + 2] = 0.25 * x - 0.75 * y + 200;
    }
  }
  return { width, height, data };
}
const linearValue = (x: number, y: number): number[] => [2 * x + 0.5 * y + 10, -x + 3 * y + 100, 0.25 * x - 0.75 * y + 200];

describe('similarity estimation (Umeyama)', () => {
  const source: Point[] = [
    { x: 210.3, y: 180.1 },
    { x: 290.8, y: 175.4 },
    { x: 251.2, y: 222.9 },
    { x: 220.5, y: 266.0 },
    { x: 285.1, y: 262.7 },
  ];

  for (const [scale, rotation, tx, ty] of [
    [0.43, 0.31, -40, 12],
    [1.7, -2.6, 5.5, -300],
    [1, Math.PI, 0, 0],
  ] as const) {
    it(`recovers s = ${scale}, θ = ${rotation.toFixed(2)}, t = (${tx}, ${ty}) exactly from noise-free points`, () => {
      const truth = similarityTransform(scale, rotation, { x: tx, y: ty });
      const fit = estimateSimilarity(source, source.map((point) => applyTransform(truth, point)));
      expect(fit.transform.scale).toBeCloseTo(scale, 10);
      expect(Math.cos(fit.transform.rotation - rotation)).toBeCloseTo(1, 12);
      expect(fit.transform.translation.x).toBeCloseTo(tx, 8);
      expect(fit.transform.translation.y).toBeCloseTo(ty, 8);
      fit.transform.matrix.forEach((value, index) => expect(value).toBeCloseTo(truth.matrix[index]!, 9));
      expect(fit.residual.rms).toBeLessThan(1e-9);
    });
  }

  it('is the least-squares optimum on noisy points (every perturbation costs more)', () => {
    const truth = similarityTransform(0.5, 0.2, { x: -60, y: -30 });
    const noise = [
      [0.8, -0.3],
      [-0.5, 0.9],
      [0.2, 0.4],
      [-1.1, -0.6],
      [0.6, -0.4],
    ];
    const destination = source.map((point, index) => {
      const mapped = applyTransform(truth, point);
      return { x: mapped.x + noise[index]![0]!, y: mapped.y + noise[index]![1]! };
    });
    const { transform, residual } = estimateSimilarity(source, destination);
    const best = sumOfSquares(source, destination, transform.scale, transform.rotation, transform.translation.x, transform.translation.y);
    expect(residual.rms).toBeCloseTo(Math.sqrt(best / 5), 12);
    expect(residual.rms).toBeGreaterThan(0.3);
    for (const [ds, dr, dx, dy] of [
      [1e-3, 0, 0, 0],
      [-1e-3, 0, 0, 0],
      [0, 1e-3, 0, 0],
      [0, -1e-3, 0, 0],
      [0, 0, 0.05, 0],
      [0, 0, 0, -0.05],
    ]) {
      expect(sumOfSquares(source, destination, transform.scale + ds!, transform.rotation + dr!, transform.translation.x + dx!, transform.translation.y + dy!)).toBeGreaterThan(best);
    }
  });

  it('never reflects: a mirrored point set gets a rotation and a residual', () => {
    const mirrored = source.map((point) => ({ x: -point.x, y: point.y }));
    const { transform, residual } = estimateSimilarity(source, mirrored);
    const [a, b, , d, e] = transform.matrix;
    expect(a * e - b * d).toBeGreaterThan(0);
    expect(residual.rms).toBeGreaterThan(1);
  });

  it('refuses coincident points and mismatched lists', () => {
    const same = Array.from({ length: 5 }, () => ({ x: 3, y: 4 }));
    expect(codeOf(() => estimateSimilarity(same, ARCFACE_REFERENCE_112))).toBe('FACE_ALIGNMENT_DEGENERATE');
    expect(codeOf(() => estimateSimilarity(source.slice(0, 4), ARCFACE_REFERENCE_112))).toBe('FACE_LANDMARKS_INVALID');
    expect(codeOf(() => fivePoints(source))).toBe('FACE_LANDMARKS_INVALID');
  });

  it('inverts a transform', () => {
    const transform = similarityTransform(2.5, 1.1, { x: 7, y: -3 });
    const point = { x: 12.5, y: -8.25 };
    const back = applyTransform(invertTransform(transform), applyTransform(transform, point));
    expect(back.x).toBeCloseTo(point.x, 10);
    expect(back.y).toBeCloseTo(point.y, 10);
  });
});

describe('warping', () => {
  const source = linearImage(64, 48);
  const transform = similarityTransform(0.8, 0.25, { x: 5, y: 3 });
  const inverse = invertTransform(transform);

  it('samples the source at T⁻¹ of each output pixel centre (exact on a linear image)', () => {
    const out = warpSimilarity(source, transform, 40, 40);
    let checked = 0;
    for (let v = 0; v < 40; v++) {
      for (let u = 0; u < 40; u++) {
        const p = applyTransform(inverse, { x: u, y: v });
        if (p.x < 0 || p.y < 0 || p.x > 63 || p.y > 47) continue;
        const expected = linearValue(p.x, p.y);
        for (let c = 0; c < 3; c++) expect(out.data[(v * 40 + u) * 3 + c]).toBeCloseTo(expected[c]!, 3);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(800);
  });

  it('fills outside the source with zeros or the nearest edge pixel', () => {
    const far = similarityTransform(1, 0, { x: 100, y: 100 }); // the output's top-left maps to (−100, −100)
    const zero = warpSimilarity(source, far, 4, 4, { border: 'zero' });
    const replicate = warpSimilarity(source, far, 4, 4, { border: 'replicate', output: 'uint8' });
    expect([...zero.data].every((value) => value === 0)).toBe(true);
    expect(replicate.data).toBeInstanceOf(Uint8Array);
    expect([...replicate.data.subarray(0, 3)]).toEqual(linearValue(0, 0).map(Math.round));
  });

  it('antialiases a downscale on request (a fine checkerboard averages to grey instead of aliasing)', () => {
    const width = 128;
    const data = new Uint8Array(width * width * 3);
    for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) data.fill((x + y) % 2 === 0 ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
    const board = { width, height: width, data };
    const shrink = similarityTransform(0.25, 0, { x: 0, y: 0 });
    const stats = (image: RgbImage): { mean: number; spread: number } => {
      const values = [...image.data];
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      return { mean, spread: Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) };
    };
    // Point sampling lands on every 4th pixel — all white: the checkerboard aliases to a flat, wrong value.
    expect(stats(warpSimilarity(board, shrink, 32, 32, { border: 'replicate' })).mean).toBeGreaterThan(250);
    const smooth = stats(warpSimilarity(board, shrink, 32, 32, { border: 'replicate', antialias: true }));
    expect(smooth.mean).toBeCloseTo(127.5, 0);
    expect(smooth.spread).toBeLessThan(2);
  });
});

describe('face alignment', () => {
  it('maps a tilted synthetic face onto the ArcFace reference: iris at the eye points, skin on the cheeks', () => {
    const landmarks = posedLandmarks({ roll: 20, interEye: 90, centre: { x: 200, y: 190 } });
    const image = renderFace(400, 400, landmarks, 'alignment');
    const aligned = alignFace(image, landmarks, arcFaceReference(112), { border: 'replicate' });
    expect(aligned.image.width).toBe(112);
    expect(aligned.transform.rotation * (180 / Math.PI)).toBeCloseTo(-20, 0);
    expect(aligned.transform.scale).toBeGreaterThan(0.35);
    expect(aligned.transform.scale).toBeLessThan(0.45);
    expect(aligned.residual.rms).toBeLessThan(4);
    const luma = (x: number, y: number): number => {
      const offset = (Math.round(y) * 112 + Math.round(x)) * 3;
      return 0.299 * aligned.image.data[offset]! + 0.587 * aligned.image.data[offset + 1]! + 0.114 * aligned.image.data[offset + 2]!;
    };
    for (const eye of ARCFACE_REFERENCE_112.slice(0, 2)) expect(luma(eye.x, eye.y)).toBeLessThan(110);
    expect(luma(30, 75)).toBeGreaterThan(140);
    expect(luma(82, 75)).toBeGreaterThan(140);
  });

  it('scales the ArcFace reference and keeps face-api framing for 150 × 150', () => {
    expect(arcFaceReference(224).points[2]).toEqual({ x: 56.0252 * 2, y: 71.7366 * 2 });
    const faceApi = faceApiReference(150);
    const [left, right, nose] = faceApi.points;
    // face-api: square of side (eye-to-mouth distance)/0.45, eyes/mouth centroid at (0.5, 0.43) of it.
    expect(Math.hypot(right.x - left.x, right.y - left.y)).toBeGreaterThan(50);
    expect(Math.hypot(right.x - left.x, right.y - left.y)).toBeLessThan(58);
    expect((left.x + right.x) / 2).toBeCloseTo(75, 0);
    expect(left.y).toBeGreaterThan(40);
    expect(left.y).toBeLessThan(48);
    expect(nose.y).toBeGreaterThan(left.y);
    expect(faceApi.points.every((p) => p.x > 0 && p.x < 150 && p.y > 0 && p.y < 150)).toBe(true);
  });

  it('sizes the native-scale reference so that the crop keeps the capture scale', () => {
    const landmarks = posedLandmarks({ interEye: 70, centre: { x: 160, y: 110 } });
    const reference = nativeArcFaceReference(landmarks);
    const image = renderFace(320, 256, landmarks, 'native');
    expect(alignFace(image, landmarks, reference).transform.scale).toBeCloseTo(1, 1);
    expect(nativeArcFaceReference(posedLandmarks({ interEye: 400 }), 256).width).toBe(256);
  });

  it('refuses a malformed image', () => {
    expect(codeOf(() => warpSimilarity({ width: 2, height: 2, data: new Uint8Array(11) }, similarityTransform(1, 0, { x: 0, y: 0 }), 2, 2))).toBe('FACE_IMAGE_INVALID');
    expect(codeOf(() => arcFaceReference(3))).toBe('FACE_ANALYSIS_PARAMETER_INVALID');
  });
});
