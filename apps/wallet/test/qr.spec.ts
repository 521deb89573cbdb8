// @vitest-environment node
import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { DeviceEngagement, toHex, WebSocketRelayRetrieval } from '@citizen-zero/mdoc';
import { startInPersonSession } from '../src/presentation/in-person-session';
import { decodeQr } from '../src/ui/qr-scanner';
import { FakeRelay } from './support/fake-relay';

/** The QR code of `text` as the camera would see it: black modules on white, 4 pixels each, with a quiet zone. */
function render(text: string): { data: Uint8ClampedArray; width: number; height: number; colorSpace: 'srgb' } {
  const { modules } = create(text, { errorCorrectionLevel: 'L' });
  const scale = 4;
  const quiet = 4;
  const size = (modules.size + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const offset = (((row + quiet) * scale + dy) * size + (column + quiet) * scale + dx) * 4;
          data[offset] = data[offset + 1] = data[offset + 2] = 0;
        }
      }
    }
  }
  return { data, width: size, height: size, colorSpace: 'srgb' };
}

describe('the device engagement QR code round trip', () => {
  it('the wallet’s engagement survives QR encoding and the scanner’s decoding byte for byte', async () => {
    const session = await startInPersonSession({ relayUrl: 'wss://verify.example/relay/sessions', onRequest: () => undefined, WebSocket: new FakeRelay().WebSocket });
    const scanned = decodeQr(render(session.qrText) as ImageData);
    expect(scanned).toBe(session.qrText);
    const engagement = DeviceEngagement.fromQrUri(scanned!);
    expect(toHex(engagement.bytes)).toBe(toHex(session.engagement.bytes));
    expect(WebSocketRelayRetrieval.fromEngagement(engagement)?.relayUrl).toBe('wss://verify.example/relay/sessions');
    await session.close();
  });

  it('an image without a QR code decodes to nothing', () => {
    expect(decodeQr({ data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64, colorSpace: 'srgb' } as ImageData)).toBeUndefined();
  });
});
