import { FaceAnalysisError } from './face-analysis-error';
import { assertRgbImage, type Point, type RgbImage } from './image/rgb-image';
import { fivePoints, type FivePoints } from './landmarks';

/**
 * A similarity transform p′ = s·R(θ)·p + t: uniform scale, rotation, translation, no reflection.
 * In image coordinates (x right, y down) a positive θ turns the x axis towards the y axis, which
 * on screen is clockwise.
 */
export interface SimilarityTransform {
  readonly scale: number;
  /** θ in radians, in (−π, π]. */
  readonly rotation: number;
  readonly translation: Point;
  /** The same map as a 2 × 3 matrix [a, b, c, d, e, f]: x′ = a·x + b·y + c, y′ = d·x + e·y + f (OpenCV's warpAffine layout). */
  readonly matrix: readonly [number, number, number, number, number, number];
}

export function similarityTransform(scale: number, rotation: number, translation: Point): SimilarityTransform {
  const cos = scale * Math.cos(rotation);
  const sin = scale * Math.sin(rotation);
  return { scale, rotation, translation, matrix: [cos, -sin, translation.x, sin, cos, translation.y] };
}

export function applyTransform(transform: SimilarityTransform, point: Point): Point {
  const [a, b, c, d, e, f] = transform.matrix;
  return { x: a * point.x + b * point.y + c, y: d * point.x + e * point.y + f };
}

/** The inverse map: p = s⁻¹·R(−θ)·(p′ − t). */
export function invertTransform(transform: SimilarityTransform): SimilarityTransform {
  if (!(transform.scale > 0)) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'only a transform with a positive scale can be inverted', { scale: transform.scale });
  const scale = 1 / transform.scale;
  const rotation = -transform.rotation;
  const back = similarityTransform(scale, rotation, { x: 0, y: 0 });
  const moved = applyTransform(back, transform.translation);
  return similarityTransform(scale, rotation, { x: -moved.x, y: -moved.y });
}

/** How well a transform maps the source points onto the destination points, in destination pixels. */
export interface AlignmentResidual {
  /** Root mean square of the distances |T(source_i) − destination_i|. */
  readonly rms: number;
  readonly max: number;
  readonly perPoint: readonly number[];
}

export interface SimilarityFit {
  readonly transform: SimilarityTransform;
  readonly residual: AlignmentResidual;
}

/**
 * The least-squares similarity transform taking `source` onto `destination` (minimising
 * Σ |destination_i − (s·R·source_i + t)|²), without reflection: Umeyama, "Least-squares estimation
 * of transformation parameters between two point patterns", IEEE TPAMI 13(4), 1991. In two
 * dimensions Umeyama's SVD solution has a closed form: with the centred points x̃ᵢ, ỹᵢ,
 * a = Σ x̃ᵢ·ỹᵢ, b = Σ x̃ᵢ × ỹᵢ (the 2-D cross product) and σ² = Σ |x̃ᵢ|², the optimum is θ = atan2(b, a),
 * s = √(a² + b²) / σ², t = ȳ − s·R·x̄ (Umeyama's sign matrix, which excludes reflections, is what
 * makes the optimum this rotation). This is what insightface's alignment (skimage's
 * `SimilarityTransform.estimate`) computes.
 */
export function estimateSimilarity(source: readonly Point[], destination: readonly Point[]): SimilarityFit {
  if (source.length !== destination.length || source.length < 2) {
    throw new FaceAnalysisError('FACE_LANDMARKS_INVALID', 'a similarity needs at least two pairs of points', { source: source.length, destination: destination.length });
  }
  if (![...source, ...destination].every((point) => Number.isFinite(point.x) && Number.isFinite(point.y))) {
    throw new FaceAnalysisError('FACE_LANDMARKS_INVALID', 'alignment points must be finite');
  }
  const n = source.length;
  const mean = (points: readonly Point[]): Point => ({ x: points.reduce((sum, p) => sum + p.x, 0) / n, y: points.reduce((sum, p) => sum + p.y, 0) / n });
  const sourceMean = mean(source);
  const destinationMean = mean(destination);
  let a = 0;
  let b = 0;
  let variance = 0;
  for (let index = 0; index < n; index++) {
    const sx = source[index]!.x - sourceMean.x;
    const sy = source[index]!.y - sourceMean.y;
    const dx = destination[index]!.x - destinationMean.x;
    const dy = destination[index]!.y - destinationMean.y;
    a += sx * dx + sy * dy;
    b += sx * dy - sy * dx;
    variance += sx * sx + sy * sy;
  }
  const spread = Math.max(...source.map((p) => Math.hypot(p.x - sourceMean.x, p.y - sourceMean.y)));
  if (!(variance > 0) || !(spread > 1e-9 * Math.max(1, Math.abs(sourceMean.x), Math.abs(sourceMean.y)))) {
    throw new FaceAnalysisError('FACE_ALIGNMENT_DEGENERATE', 'the source points all coincide', { points: n });
  }
  const scale = Math.hypot(a, b) / variance;
  const rotation = Math.atan2(b, a);
  const rotated = applyTransform(similarityTransform(scale, rotation, { x: 0, y: 0 }), sourceMean);
  const transform = similarityTransform(scale, rotation, { x: destinationMean.x - rotated.x, y: destinationMean.y - rotated.y });
  const perPoint = source.map((point, index) => {
    const mapped = applyTransform(transform, point);
    return Math.hypot(mapped.x - destination[index]!.x, mapped.y - destination[index]!.y);
  });
  return {
    transform,
    residual: { rms: Math.sqrt(perPoint.reduce((sum, d) => sum + d * d, 0) / n), max: Math.max(...perPoint), perPoint },
  };
}

/** Where the five alignment points go in an aligned crop of width × height pixels. */
export interface AlignmentReference {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly points: FivePoints;
}

/**
 * insightface's ArcFace reference for 112 × 112 crops (`arcface_dst`): the standard five points
 * (eye on the image's left, eye on the image's right, nose tip, mouth corners), in pixel-centre
 * coordinates.
 */
export const ARCFACE_REFERENCE_112: FivePoints = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

/** The five points mapped one by one. */
function mapFive(points: FivePoints, map: (point: Point) => Point): FivePoints {
  return [map(points[0]), map(points[1]), map(points[2]), map(points[3]), map(points[4])];
}

function assertSize(size: number): void {
  if (!Number.isInteger(size) || size < 8 || size > 4096) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the aligned crop size must be a whole number of pixels in [8, 4096]', { size });
}

/**
 * The ArcFace reference scaled to a size × size crop (the whole 112 × 112 framing scaled by
 * size/112). insightface's `estimate_norm` treats sizes that are multiples of 128 differently (the
 * 112 framing with an 8·size/128-pixel margin on the left); this does not.
 */
export function arcFaceReference(size = 112): AlignmentReference {
  assertSize(size);
  const k = size / 112;
  return { name: `arcface-${size}`, width: size, height: size, points: mapFive(ARCFACE_REFERENCE_112, (p) => ({ x: p.x * k, y: p.y * k })) };
}

/**
 * A reference for face-api's 150 × 150 recognition net that keeps face-api's own framing.
 * face-api (`FaceLandmarks.alignDlib`, the box its descriptor pipeline crops) takes the eye
 * centres and the mouth centre, a square of side (mean eye-to-mouth distance)/0.45 placed with
 * their centroid at (0.5, 0.43) of the side, crops it upright and resizes it to 150 × 150. Here
 * that box is computed for the ArcFace mean face (mouth centre = midpoint of the mouth corners,
 * which is within a pixel or two of face-api's mean of the 20 mouth points) and the five points
 * are mapped into it: the eyes land about 54 px apart at y ≈ 44 of 150. Unlike face-api the crop is
 * also rotated upright (roll removed), as dlib's training chips — the source of face-api's
 * recognition net — were.
 */
export function faceApiReference(size = 150): AlignmentReference {
  assertSize(size);
  const [leftEye, rightEye, , leftMouth, rightMouth] = ARCFACE_REFERENCE_112;
  const mouth = { x: (leftMouth.x + rightMouth.x) / 2, y: (leftMouth.y + rightMouth.y) / 2 };
  const eyeToMouth = (Math.hypot(mouth.x - leftEye.x, mouth.y - leftEye.y) + Math.hypot(mouth.x - rightEye.x, mouth.y - rightEye.y)) / 2;
  const side = eyeToMouth / 0.45;
  const centroid = { x: (leftEye.x + rightEye.x + mouth.x) / 3, y: (leftEye.y + rightEye.y + mouth.y) / 3 };
  const left = centroid.x - 0.5 * side;
  const top = centroid.y - 0.43 * side;
  const k = size / side;
  return { name: `face-api-${size}`, width: size, height: size, points: mapFive(ARCFACE_REFERENCE_112, (p) => ({ x: (p.x - left) * k, y: (p.y - top) * k })) };
}

/** Distance between the eye centres of the ArcFace 112 × 112 reference, in its pixels (≈ 35.24). */
export const ARCFACE_INTER_EYE_DISTANCE = Math.hypot(ARCFACE_REFERENCE_112[1].x - ARCFACE_REFERENCE_112[0].x, ARCFACE_REFERENCE_112[1].y - ARCFACE_REFERENCE_112[0].y);

/**
 * The ArcFace framing at about the capture's own scale: the size at which the aligned crop's eyes are
 * as far apart as in the capture (so the transform's scale is ≈ 1 and the crop keeps the capture's
 * fine detail), capped at `maxSize`. For measurements on pixels (attack cues), not for embedders.
 */
export function nativeArcFaceReference(landmarks: readonly Point[], maxSize = 512): AlignmentReference {
  const [leftEye, rightEye] = landmarks.length === 5 ? (landmarks as unknown as FivePoints) : fivePoints(landmarks);
  const interEye = Math.hypot(rightEye.x - leftEye.x, rightEye.y - leftEye.y);
  assertSize(maxSize);
  return arcFaceReference(Math.max(8, Math.min(maxSize, Math.round((112 * interEye) / ARCFACE_INTER_EYE_DISTANCE))));
}

export interface WarpOptions {
  /**
   * What is sampled outside the source image: `zero` (black, OpenCV's BORDER_CONSTANT with 0 —
   * what insightface's `norm_crop` gives the embedders it trains) or `replicate` (the nearest edge
   * pixel, OpenCV's BORDER_REPLICATE — no artificial black edge for the quality and attack cues to
   * respond to). Default `zero`.
   */
  readonly border?: 'zero' | 'replicate';
  /**
   * Average n × n bilinear samples per output pixel, n = ⌈1/scale⌉ capped at 4, when the crop is
   * smaller than the face (a box prefilter against aliasing). Default false: plain bilinear inverse
   * mapping, as cv2.warpAffine, which embedders are trained with; measure image cues on an
   * antialiased crop.
   */
  readonly antialias?: boolean;
  /** Value type of the output: float32 (default, no rounding) or uint8. */
  readonly output?: 'float32' | 'uint8';
}

/**
 * Warps `image` by `transform` (source pixels → output pixels) into a width × height image by
 * inverse mapping: each output pixel centre (u, v) is mapped back by T⁻¹ and the source sampled
 * bilinearly there (pixel centres on whole coordinates, see {@link RgbImage}).
 */
export function warpSimilarity(image: RgbImage, transform: SimilarityTransform, width: number, height: number, options: WarpOptions = {}): RgbImage {
  assertRgbImage(image);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > 1 << 24) {
    throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the output must have a positive whole width and height', { width, height });
  }
  const border = options.border ?? 'zero';
  const inverse = invertTransform(transform);
  const [a, b, c, d, e, f] = inverse.matrix;
  const samples = options.antialias === true ? Math.min(4, Math.max(1, Math.ceil(1 / transform.scale - 1e-9))) : 1;
  const source = image.data;
  const sw = image.width;
  const sh = image.height;
  const out = new Float32Array(width * height * 3);
  const fetch = (x: number, y: number, channel: number): number => {
    if (x < 0 || y < 0 || x >= sw || y >= sh) {
      if (border === 'zero') return 0;
      x = Math.min(sw - 1, Math.max(0, x));
      y = Math.min(sh - 1, Math.max(0, y));
    }
    return source[(y * sw + x) * 3 + channel]!;
  };
  const accumulate = new Float64Array(3);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      accumulate.fill(0);
      for (let sv = 0; sv < samples; sv++) {
        for (let su = 0; su < samples; su++) {
          const ou = u + (su + 0.5) / samples - 0.5;
          const ov = v + (sv + 0.5) / samples - 0.5;
          const x = a * ou + b * ov + c;
          const y = d * ou + e * ov + f;
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          const fx = x - x0;
          const fy = y - y0;
          for (let channel = 0; channel < 3; channel++) {
            const top = fetch(x0, y0, channel) * (1 - fx) + fetch(x0 + 1, y0, channel) * fx;
            const bottom = fetch(x0, y0 + 1, channel) * (1 - fx) + fetch(x0 + 1, y0 + 1, channel) * fx;
            accumulate[channel]! += top * (1 - fy) + bottom * fy;
          }
        }
      }
      const offset = (v * width + u) * 3;
      for (let channel = 0; channel < 3; channel++) out[offset + channel] = accumulate[channel]! / (samples * samples);
    }
  }
  if (options.output === 'uint8') {
    const bytes = new Uint8Array(out.length);
    for (let index = 0; index < out.length; index++) bytes[index] = Math.min(255, Math.max(0, Math.round(out[index]!)));
    return { width, height, data: bytes };
  }
  return { width, height, data: out };
}

export interface AlignedFace {
  /** The aligned crop, reference.width × reference.height. */
  readonly image: RgbImage;
  readonly reference: AlignmentReference;
  /** Source image pixels → crop pixels. */
  readonly transform: SimilarityTransform;
  /** How far the five points land from the reference, in crop pixels (an expression or pose far from the mean face shows here). */
  readonly residual: AlignmentResidual;
  /** The five points used, in source image pixels. */
  readonly points: FivePoints;
}

/**
 * Aligns a face onto a reference: five points from the 68 landmarks ({@link fivePoints}) — or the
 * five points themselves, e.g. from a five-point detector — the least-squares similarity onto the
 * reference ({@link estimateSimilarity}), and the warped crop ({@link warpSimilarity}).
 */
export function alignFace(image: RgbImage, landmarks: readonly Point[], reference: AlignmentReference = arcFaceReference(), options: WarpOptions = {}): AlignedFace {
  const points = landmarks.length === 5 ? (landmarks as unknown as FivePoints) : fivePoints(landmarks);
  const { transform, residual } = estimateSimilarity(points, reference.points);
  return { image: warpSimilarity(image, transform, reference.width, reference.height, options), reference, transform, residual, points };
}
