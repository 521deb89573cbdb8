import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * Whether `text` is base64 (RFC 4648 §4; the URL-safe alphabet of §5 is accepted too), padded or
 * not. Node's decoder is native and skips characters outside the alphabet, so a text decodes to
 * exactly the length its characters promise only when every character is valid — a linear check
 * several times cheaper than a regular expression over a large payload.
 */
export function isBase64Text(text: string): boolean {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding > 0 && text.length % 4 !== 0) return false;
  const length = text.length - padding;
  if (length % 4 === 1) return false;
  return Buffer.from(text, 'base64').length === Math.floor((length * 3) / 4);
}

/** DTO field: bytes sent as base64 text (see {@link isBase64Text}). */
export function IsBase64Bytes(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBase64Bytes',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be base64`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isBase64Text(value) },
    });
}
