/** Image decoding with sharp. Import from `@citizen-zero/face-models/sharp`. */
export { decodeImage, type DecodeOptions } from './decode-image';
