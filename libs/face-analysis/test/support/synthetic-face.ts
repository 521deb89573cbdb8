import { createSeededRandom, fft2d, nextPowerOfTwo, type Point, type RgbImage } from '@citizen-zero/face-analysis';

/**
 * dlib's mean face shape (the 51 iBUG points 17–67, normalised to the eyebrow-to-lip box), as in
 * dlib's `get_face_chip_details`; the jaw (0–16) is added as an arc from ear to ear through the chin.
 */
const MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373,
  0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104,
  0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345,
  0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405,
  0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

/** Inter-eye distance of the mean shape, in its units. */
const MEAN_IED = 0.529212;

/** Depth towards the camera of each of the 68 points, in inter-eye distances (a generic head). */
function depth(index: number): number {
  if (index <= 16) return -1.27 * Math.abs(Math.cos((Math.PI * index) / 16));
  if (index <= 26) return 0.05;
  if (index <= 30) return [0.05, 0.15, 0.25, 0.35][index - 27]!;
  if (index <= 35) return [0.18, 0.22, 0.25, 0.22, 0.18][index - 31]!;
  if (index <= 47) return [36, 39, 42, 45].includes(index) ? -0.03 : 0;
  if (index === 48 || index === 54) return -0.05;
  return 0.03;
}

/** The 68 points of the generic head, x right, y down, z towards the camera, in inter-eye distances, origin at the eyes' midpoint. */
export function genericHead(): { x: number; y: number; z: number }[] {
  const points: { x: number; y: number; z: number }[] = [];
  for (let index = 0; index < 68; index++) {
    let x: number;
    let y: number;
    if (index <= 16) {
      const angle = (Math.PI * index) / 16;
      x = 0.49 - 0.55 * Math.cos(angle);
      y = 0.2 + 0.92 * Math.sin(angle);
    } else {
      x = MEAN_X[index - 17]!;
      y = MEAN_Y[index - 17]!;
    }
    points.push({ x, y, z: depth(index) });
  }
  const eyeMidX = (0.2254895 + 0.7547613) / 2;
  const eyeMidY = 0.2160;
  return points.map((p) => ({ x: (p.x - eyeMidX) / MEAN_IED, y: (p.y - eyeMidY) / MEAN_IED, z: p.z }));
}

export interface PoseOptions {
  readonly yaw?: number;
  readonly pitch?: number;
  readonly roll?: number;
  /** Pixels between the eye centres of the frontal face. */
  readonly interEye?: number;
  readonly centre?: Point;
}

/** 68 landmarks of the generic head turned by yaw, pitch, roll (degrees, the conventions of estimateHeadPose), projected orthographically. */
export function posedLandmarks(options: PoseOptions = {}): Point[] {
  const rad = Math.PI / 180;
  const yaw = (options.yaw ?? 0) * rad;
  const pitch = (options.pitch ?? 0) * rad;
  const roll = (options.roll ?? 0) * rad;
  const scale = options.interEye ?? 100;
  const centre = options.centre ?? { x: 320, y: 240 };
  return genericHead().map(({ x, y, z }) => {
    // Pitch about x (chin down positive), then yaw about y (nose to the image's right positive), then roll in the image plane.
    const y1 = y * Math.cos(pitch) + z * Math.sin(pitch);
    const z1 = -y * Math.sin(pitch) + z * Math.cos(pitch);
    const x2 = x * Math.cos(yaw) + z1 * Math.sin(yaw);
    const x3 = x2 * Math.cos(roll) - y1 * Math.sin(roll);
    const y3 = x2 * Math.sin(roll) + y1 * Math.cos(roll);
    return { x: centre.x + scale * x3, y: centre.y + scale * y3 };
  });
}

/** A 1/f ("pink", natural-image-like) noise plane, zero mean, unit standard deviation, from random phases. */
export function pinkNoise(width: number, height: number, seed: string): Float32Array {
  const n = nextPowerOfTwo(Math.max(width, height));
  const random = createSeededRandom(seed);
  const real = new Float64Array(n * n);
  const imag = new Float64Array(n * n);
  for (let v = 0; v < n; v++) {
    for (let u = 0; u < n; u++) {
      const fu = u < n / 2 ? u : u - n;
      const fv = v < n / 2 ? v : v - n;
      const f = Math.hypot(fu, fv);
      if (f === 0) continue;
      const amplitude = random.normal() / f;
      const phase = 2 * Math.PI * random.next();
      real[v * n + u] = amplitude * Math.cos(phase);
      imag[v * n + u] = amplitude * Math.sin(phase);
    }
  }
  fft2d(real, imag, n, n, true);
  const out = new Float32Array(width * height);
  let sum = 0;
  let squares = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = real[y * n + x]!;
  for (const value of out) sum += value;
  const mean = sum / out.length;
  for (const value of out) squares += (value - mean) ** 2;
  const deviation = Math.sqrt(squares / out.length) || 1;
  for (let index = 0; index < out.length; index++) out[index] = (out[index]! - mean) / deviation;
  return out;
}

/** A natural-looking colour texture: 1/f noise per channel around a base colour. */
export function naturalTexture(width: number, height: number, seed: string, base: readonly [number, number, number] = [150, 120, 100], contrast = 30): RgbImage {
  const planes = [0, 1, 2].map((channel) => pinkNoise(width, height, `${seed}:${channel}`));
  const shared = pinkNoise(width, height, `${seed}:luma`);
  const data = new Uint8Array(width * height * 3);
  for (let pixel = 0; pixel < width * height; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      const value = base[channel]! + contrast * (shared[pixel]! + 0.4 * planes[channel]![pixel]!);
      data[pixel * 3 + channel] = Math.min(255, Math.max(0, Math.round(value)));
    }
  }
  return { width, height, data };
}

function insidePolygon(polygon: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/**
 * A picture of a synthetic face drawn on its landmarks: skin with 1/f texture inside the jaw and a
 * forehead, dark brows, white eyes with dark irises, nostrils, red lips, over a textured background.
 * `brightness` scales every value (exposure tests), `contrast` the textures.
 */
export function renderFace(width: number, height: number, landmarks: readonly Point[], seed: string, options: { brightness?: number; background?: readonly [number, number, number] } = {}): RgbImage {
  const background = naturalTexture(width, height, `${seed}:background`, options.background ?? [110, 125, 140], 25);
  const skin = naturalTexture(width, height, `${seed}:skin`, [205, 160, 135], 14);
  const brightness = options.brightness ?? 1;
  const jaw = landmarks.slice(0, 17);
  const browTop = Math.min(...landmarks.slice(17, 27).map((p) => p.y));
  const chin = landmarks[8]!;
  const forehead = browTop - (chin.y - browTop) * 0.35;
  const outline = [...jaw, { x: landmarks[16]!.x, y: forehead }, { x: landmarks[0]!.x, y: forehead }];
  const rightEye = landmarks.slice(36, 42);
  const leftEye = landmarks.slice(42, 48);
  const lips = landmarks.slice(48, 60);
  const eyeCentre = (eye: readonly Point[]): Point => ({ x: eye.reduce((s, p) => s + p.x, 0) / 6, y: eye.reduce((s, p) => s + p.y, 0) / 6 });
  const irises = [eyeCentre(rightEye), eyeCentre(leftEye)];
  const interEye = Math.hypot(irises[1]!.x - irises[0]!.x, irises[1]!.y - irises[0]!.y);
  const brows = [landmarks.slice(17, 22), landmarks.slice(22, 27)];
  const nearSegment = (x: number, y: number, a: Point, b: Point, radius: number): boolean => {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy)));
    return (x - a.x - t * dx) ** 2 + (y - a.y - t * dy) ** 2 <= radius * radius;
  };
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      let colour: readonly number[] = [background.data[offset]!, background.data[offset + 1]!, background.data[offset + 2]!];
      if (insidePolygon(outline, x, y)) {
        colour = [skin.data[offset]!, skin.data[offset + 1]!, skin.data[offset + 2]!];
        const texture = (skin.data[offset]! - 205) * 0.5;
        if (brows.some((brow) => brow.slice(1).some((p, i) => nearSegment(x, y, brow[i]!, p, 0.06 * interEye)))) colour = [70 + texture, 50 + texture, 40 + texture];
        if (insidePolygon(rightEye, x, y) || insidePolygon(leftEye, x, y)) {
          colour = [235 + texture, 235 + texture, 230 + texture];
          if (irises.some((iris) => (x - iris.x) ** 2 + (y - iris.y) ** 2 <= (0.12 * interEye) ** 2)) colour = [60 + texture, 45 + texture, 35 + texture];
        }
        if ([landmarks[31]!, landmarks[35]!].some((p) => (x - p.x) ** 2 + (y - p.y) ** 2 <= (0.05 * interEye) ** 2)) colour = [90 + texture, 60 + texture, 50 + texture];
        if (insidePolygon(lips, x, y)) colour = [175 + texture, 85 + texture, 85 + texture];
      }
      for (let channel = 0; channel < 3; channel++) data[offset + channel] = Math.min(255, Math.max(0, Math.round(colour[channel]! * brightness)));
    }
  }
  return { width, height, data };
}
