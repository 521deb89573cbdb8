import { ValidationFailedError } from '@citizen-zero/nest-platform';
import { BiometricError } from '../biometric-error';
import type { Probe } from './biometric-matching.service';
import type { ProbeDto } from './biometric.dto';

/** Base64 from a validated DTO field, with the configured size limit. */
export function decodeUpload(base64: string, maxBytes: number, what: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new BiometricError('IMAGE_INVALID', `${what} is empty`);
  if (bytes.length > maxBytes) throw new BiometricError('IMAGE_TOO_LARGE', `${what} is ${bytes.length} bytes; at most ${maxBytes} are accepted`, { bytes: bytes.length, maxBytes });
  return bytes;
}

export function probeFrom(dto: ProbeDto, maxBytes: number): Probe {
  const given = [dto.reference, dto.faceImage, dto.minutiaeRecord].filter((value) => value !== undefined).length;
  if (given !== 1) throw new ValidationFailedError([{ field: 'probe', message: 'a probe is exactly one of reference, faceImage or minutiaeRecord' }]);
  if (dto.reference) return { reference: dto.reference };
  if (dto.faceImage) return { faceImage: decodeUpload(dto.faceImage, maxBytes, 'the probe picture') };
  return { minutiaeRecord: decodeUpload(dto.minutiaeRecord!, maxBytes, 'the minutiae record') };
}
