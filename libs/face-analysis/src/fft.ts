import { FaceAnalysisError } from './face-analysis-error';

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/** The least power of two ≥ n (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  let power = 1;
  while (power < n) power *= 2;
  return power;
}

/**
 * In-place discrete Fourier transform of a complex sequence of power-of-two length (iterative
 * radix-2 Cooley–Tukey, decimation in time, twiddles from one table). Forward:
 * X[k] = Σ x[n]·e^(−2πi·kn/N), unnormalised; inverse: x[n] = (1/N) Σ X[k]·e^(+2πi·kn/N).
 */
export function fft(real: Float64Array, imag: Float64Array, inverse = false): void {
  const n = real.length;
  if (imag.length !== n || !isPowerOfTwo(n)) throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the FFT needs real and imaginary parts of one power-of-two length', { real: n, imag: imag.length });
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [real[i], real[j]] = [real[j]!, real[i]!];
      [imag[i], imag[j]] = [imag[j]!, imag[i]!];
    }
  }
  const half = n >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = sign * Math.sin((2 * Math.PI * k) / n);
  }
  for (let size = 2; size <= n; size *= 2) {
    const halfSize = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < halfSize; k++) {
        const wr = cos[k * step]!;
        const wi = sin[k * step]!;
        const even = start + k;
        const odd = even + halfSize;
        const tr = wr * real[odd]! - wi * imag[odd]!;
        const ti = wr * imag[odd]! + wi * real[odd]!;
        real[odd] = real[even]! - tr;
        imag[odd] = imag[even]! - ti;
        real[even] = real[even]! + tr;
        imag[even] = imag[even]! + ti;
      }
    }
  }
  if (inverse) {
    for (let index = 0; index < n; index++) {
      real[index] = real[index]! / n;
      imag[index] = imag[index]! / n;
    }
  }
}

/** In-place 2-D DFT of a row-major width × height complex array (rows, then columns), both sides powers of two. */
export function fft2d(real: Float64Array, imag: Float64Array, width: number, height: number, inverse = false): void {
  if (!isPowerOfTwo(width) || !isPowerOfTwo(height) || real.length !== width * height || imag.length !== width * height) {
    throw new FaceAnalysisError('FACE_ANALYSIS_PARAMETER_INVALID', 'the 2-D FFT needs power-of-two sides and width × height values', { width, height, length: real.length });
  }
  const rowReal = new Float64Array(width);
  const rowImag = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    rowReal.set(real.subarray(y * width, (y + 1) * width));
    rowImag.set(imag.subarray(y * width, (y + 1) * width));
    fft(rowReal, rowImag, inverse);
    real.set(rowReal, y * width);
    imag.set(rowImag, y * width);
  }
  const columnReal = new Float64Array(height);
  const columnImag = new Float64Array(height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      columnReal[y] = real[y * width + x]!;
      columnImag[y] = imag[y * width + x]!;
    }
    fft(columnReal, columnImag, inverse);
    for (let y = 0; y < height; y++) {
      real[y * width + x] = columnReal[y]!;
      imag[y * width + x] = columnImag[y]!;
    }
  }
}
