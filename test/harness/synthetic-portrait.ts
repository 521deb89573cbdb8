import jpeg from 'jpeg-js';

/**
 * A deterministic synthetic portrait (no real person): a head-and-shoulders shape with
 * skin, hair and background tones and seeded noise, encoded as baseline JPEG. At the default
 * 240×320 and quality 83 it is about 20 KB, the size of a typical mDL portrait (ISO/IEC 18013-5 §7.2.2).
 */
export function syntheticPortraitJpeg(seed = 1, width = 240, height = 320, quality = 83): Uint8Array {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0xffffffff;
  };
  const data = Buffer.alloc(width * height * 4);
  const cx = width / 2;
  const cy = height * 0.42;
  const skin = [224 - seed * 7 % 60, 182 - seed * 5 % 50, 150 - seed * 3 % 40];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x - cx) / (width * 0.24);
      const dy = (y - cy) / (height * 0.27);
      const face = dx * dx + dy * dy <= 1;
      const hair = !face && ((x - cx) / (width * 0.28)) ** 2 + ((y - cy + height * 0.05) / (height * 0.3)) ** 2 <= 1 && y < cy;
      const shoulders = y > height * 0.72 && Math.abs(x - cx) < width * 0.45 - (height - y) * 0.3;
      const eye = face && Math.abs(dy + 0.2) < 0.08 && Math.abs(Math.abs(dx) - 0.38) < 0.12;
      const mouth = face && Math.abs(dy - 0.5) < 0.05 && Math.abs(dx) < 0.3;
      let colour: number[];
      if (eye) colour = [40, 30, 30];
      else if (mouth) colour = [150, 70, 70];
      else if (face) colour = skin;
      else if (hair) colour = [60, 40, 25];
      else if (shoulders) colour = [30, 50, 110];
      else colour = [200 + (y / height) * 30, 205 + (y / height) * 20, 210];
      const shade = face ? 1 - 0.25 * Math.max(0, dx) : 1;
      const offset = (y * width + x) * 4;
      for (let channel = 0; channel < 3; channel++) {
        data[offset + channel] = Math.max(0, Math.min(255, colour[channel]! * shade + (random() - 0.5) * 24));
      }
      data[offset + 3] = 255;
    }
  }
  return new Uint8Array(jpeg.encode({ data, width, height }, quality).data);
}
