import { describe, expect, it } from 'vitest';
import {
  assertRgbImage,
  cosineSimilarity,
  crop,
  l2Normalise,
  landmarksToPixels,
  PAD_CROP_SCALE,
  pixelRect,
  squareGeometry,
  squareRect,
  squareResize,
  ssdNonMaxSuppression,
  stretchResize,
  type RgbImage,
} from '@citizen-zero/face-models';
import { loadFaceApiReference } from './support/face-api-reference';

function randomImage(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 16807) % 2147483647;
    data[i] = state % 256;
  }
  return { width, height, data };
}

describe('square resize', () => {
  it('is bit-identical to face-api NetInput.toBatchTensor (pad to square, tfjs resizeBilinear)', async () => {
    const { faceapi, tf } = await loadFaceApiReference();
    const shapes: [number, number][] = [[37, 53], [53, 37], [64, 64], [150, 150], [301, 200], [7, 5], [640, 427]];
    for (const [width, height] of shapes) {
      const image = randomImage(width, height, width * 1000 + height);
      const tensor = tf.tensor3d(Int32Array.from(image.data), [height, width, 3], 'int32');
      for (const size of [112, 150, 512]) {
        for (const placement of ['top-left', 'centre'] as const) {
          const batch = new faceapi.NetInput([tensor]).toBatchTensor(size, placement === 'centre');
          // Float32Array.from: without a resize tfjs keeps the int32 storage under a float32 dtype.
          const expected = Float32Array.from(batch.dataSync() as ArrayLike<number>);
          batch.dispose();
          const { data } = squareResize(image, size, placement);
          expect(Buffer.from(data.buffer).equals(Buffer.from(expected.buffer)), `${width}x${height} → ${size} ${placement}`).toBe(true);
        }
      }
      tensor.dispose();
    }
  });

  it('places the picture as face-api pads it: bottom/right, or centred with the odd pixel after', () => {
    expect(squareGeometry(100, 60, 'top-left')).toEqual({ side: 100, padLeft: 0, padTop: 0 });
    expect(squareGeometry(100, 60, 'centre')).toEqual({ side: 100, padLeft: 0, padTop: 20 });
    expect(squareGeometry(60, 100, 'centre')).toEqual({ side: 100, padLeft: 20, padTop: 0 });
    expect(squareGeometry(60, 105, 'centre')).toEqual({ side: 105, padLeft: 22, padTop: 0 });
    expect(squareGeometry(80, 80, 'centre')).toEqual({ side: 80, padLeft: 0, padTop: 0 });
  });

  it('stretches without padding; same size is an exact copy', () => {
    const image = randomImage(9, 7, 3);
    expect(Array.from(stretchResize(image, 9, 7))).toEqual(Array.from(image.data));
    expect(stretchResize(image, 4, 4)).toHaveLength(48);
  });
});

describe('crops', () => {
  const image = randomImage(20, 10, 7);

  it('rounds boxes to pixels and clips them to the image', () => {
    expect(pixelRect({ x: -3.2, y: 2.6, width: 10, height: 20 }, image)).toEqual({ left: 0, top: 3, width: 7, height: 7 });
    expect(pixelRect({ x: 30, y: 0, width: 5, height: 5 }, image)).toEqual({ left: 20, top: 0, width: 0, height: 5 });
  });

  it('makes square crops around the box centre, inside the image', () => {
    expect(squareRect({ x: 5, y: 2, width: 4, height: 6 }, image)).toEqual({ left: 4, top: 2, width: 6, height: 6 });
    expect(squareRect({ x: 17, y: 6, width: 4, height: 4 }, image)).toEqual({ left: 16, top: 6, width: 4, height: 4 });
    expect(squareRect({ x: 0, y: 0, width: 30, height: 30 }, image)).toEqual({ left: 10, top: 0, width: 10, height: 10 });
  });

  it('enlarges the square by a scale (the PAD crop margin), still inside the image', () => {
    expect(PAD_CROP_SCALE).toBe(1.4);
    expect(squareRect({ x: 5, y: 2, width: 4, height: 5 }, image, PAD_CROP_SCALE)).toEqual({ left: 4, top: 1, width: 7, height: 7 });
    expect(squareRect({ x: 15, y: 5, width: 5, height: 5 }, image, 1.4)).toEqual({ left: 13, top: 3, width: 7, height: 7 });
    expect(squareRect({ x: 5, y: 2, width: 8, height: 8 }, image, 1.4)).toEqual({ left: 4, top: 0, width: 10, height: 10 });
  });

  it('copies the pixels of the rectangle', () => {
    const part = crop(image, { left: 3, top: 2, width: 4, height: 5 });
    expect(part.width).toBe(4);
    expect(part.height).toBe(5);
    for (let y = 0; y < 5; y++) for (let x = 0; x < 4; x++) for (let c = 0; c < 3; c++) expect(part.data[(y * 4 + x) * 3 + c]).toBe(image.data[((y + 2) * 20 + x + 3) * 3 + c]);
    expect(() => crop(image, { left: 18, top: 0, width: 4, height: 2 })).toThrow(expect.objectContaining({ code: 'FACE_IMAGE_INVALID' }));
  });

  it('rejects pictures that are not width × height × 3 values', () => {
    expect(() => assertRgbImage({ width: 2, height: 2, data: new Uint8Array(11) })).toThrow(expect.objectContaining({ code: 'FACE_IMAGE_INVALID' }));
    expect(() => assertRgbImage({ width: 0, height: 2, data: new Uint8Array(0) })).toThrow(expect.objectContaining({ code: 'FACE_IMAGE_INVALID' }));
  });
});

describe('post-processing', () => {
  it('maps landmarks from the padded square back to the crop', () => {
    expect(landmarksToPixels([0.5, 0.5, 0, 1], { side: 100, padLeft: 20, padTop: 0 })).toEqual([
      { x: 30, y: 50 },
      { x: -20, y: 100 },
    ]);
  });

  it('suppresses overlapping anchors, best first, keeping scores strictly above the threshold', () => {
    // ymin, xmin, ymax, xmax
    const boxes = Float32Array.from([0, 0, 0.5, 0.5, 0.01, 0.01, 0.5, 0.5, 0.6, 0.6, 0.9, 0.9, 0, 0.6, 0.3, 0.9]);
    const scores = Float32Array.from([0.8, 0.9, 0.7, 0.5]);
    expect(ssdNonMaxSuppression(boxes, scores, { minScore: 0.5, maxResults: 10, iouThreshold: 0.5 })).toEqual([1, 2]);
    expect(ssdNonMaxSuppression(boxes, scores, { minScore: 0.4, maxResults: 2, iouThreshold: 0.5 })).toEqual([1, 2]);
    expect(ssdNonMaxSuppression(boxes, scores, { minScore: 0.4, maxResults: 10, iouThreshold: 0.5 })).toEqual([1, 2, 3]);
  });

  it('normalises to unit length and measures cosine similarity', () => {
    const unit = l2Normalise([3, 4]);
    expect(Array.from(unit)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(Array.from(l2Normalise([0, 0]))).toEqual([0, 0]);
    expect(cosineSimilarity([1, 0], [0, 2])).toBe(0);
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12);
  });
});
