import sharp from 'sharp';
import { loadFaceApiModels } from '@citizen-zero/face-models/onnx';
import { decodeImage } from '@citizen-zero/face-models/sharp';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const WORKSPACE = resolve(import.meta.dirname, '../../..');

/** face-api's demo photos (MIT, in node_modules): group photos, so faces within one are different people. */
export function samplePhoto(index: 1 | 2 | 3 | 4 | 5 | 6): Buffer {
  return readFileSync(resolve(WORKSPACE, `node_modules/@vladmandic/face-api/demo/sample${index}.jpg`));
}

export interface FaceFixture {
  /** `sample<N>#<i>`: the i-th face found in face-api's demo photo N. */
  readonly id: string;
  readonly photo: number;
  /** A single-face JPEG: the face with a margin, scaled so the face is about 320 px wide. */
  readonly jpeg: Buffer;
}

/**
 * Single-face pictures cut from face-api's demo photos (group photos: every face in them is a
 * different person). The crop keeps a margin of the face's size on each side, and is scaled so
 * the face is large enough for an enrolment capture. Weak fixtures — a few dozen faces of
 * unknown provenance — good for testing the pipeline, not for claiming accuracy.
 */
export async function faceFixtures(photos: readonly (1 | 2 | 3 | 4 | 5 | 6)[] = [1, 2, 3, 4, 5, 6], options: { minFaceSide?: number; modelsDir?: string } = {}): Promise<FaceFixture[]> {
  const models = await loadFaceApiModels({ modelsDir: options.modelsDir ?? resolve(WORKSPACE, 'models'), threads: 1 });
  try {
    const fixtures: FaceFixture[] = [];
    for (const photo of photos) {
      const bytes = samplePhoto(photo);
      const image = await decodeImage(bytes);
      const faces = await models.detector.detect(image, { minScore: 0.6 });
      for (const [index, face] of faces.entries()) {
        if (Math.max(face.box.width, face.box.height) < (options.minFaceSide ?? 40)) continue;
        const margin = Math.max(face.box.width, face.box.height) * 0.8;
        const left = Math.max(0, Math.floor(face.box.x - margin));
        const top = Math.max(0, Math.floor(face.box.y - margin));
        const right = Math.min(image.width, Math.ceil(face.box.x + face.box.width + margin));
        const bottom = Math.min(image.height, Math.ceil(face.box.y + face.box.height + margin));
        const scale = 320 / face.box.width;
        const jpeg = await sharp(bytes)
          .extract({ left, top, width: right - left, height: bottom - top })
          .resize({ width: Math.round((right - left) * scale), kernel: 'lanczos3' })
          .jpeg({ quality: 92 })
          .toBuffer();
        // Only crops that hold one face (a neighbour's face can fall inside the margin).
        if ((await models.detector.detect(await decodeImage(jpeg), { minScore: 0.5 })).length !== 1) continue;
        fixtures.push({ id: `sample${photo}#${index}`, photo, jpeg });
      }
    }
    return fixtures;
  } finally {
    await models.release();
  }
}

/** Another capture of the same face: what a second photo of the person changes (light, pose, scale, compression). */
export async function augment(jpeg: Buffer, variant: 0 | 1 | 2 | 3): Promise<Buffer> {
  const picture = sharp(jpeg);
  switch (variant) {
    case 0:
      return picture.modulate({ brightness: 1.15 }).jpeg({ quality: 85 }).toBuffer();
    case 1:
      return picture.rotate(6, { background: { r: 128, g: 128, b: 128 } }).jpeg({ quality: 88 }).toBuffer();
    case 2: {
      const { width = 0 } = await sharp(jpeg).metadata();
      return picture.resize({ width: Math.round(width * 0.8) }).jpeg({ quality: 70 }).toBuffer();
    }
    case 3:
      return picture.blur(0.8).gamma(2.2, 2.0).jpeg({ quality: 90 }).toBuffer();
  }
}
