/**
 * Finger minutiae records used as fixtures. Hex strings; `bytesOf` joins and decodes them.
 *
 * Third-party records (their provenance matters: they were written by other implementations):
 * - {@link FINGERJET_ISO_RECORD}: the ISO/IEC 19794-2:2005 feature set the unit tests of
 *   FingerJetFX OSE (DigitalPersona's open-source extractor, github.com/FingerJetFXOSE/FingerJetFXOSE,
 *   libFRFXLL tests, `expectedFeatureSet`) expect from their test image: 438 bytes, 68 minutiae.
 * - {@link FINGERJET_EMPTY_ANSI_RECORD}: the ANSI INCITS 378-2004 "empty feature set" of the same
 *   tests (`expectedEmptyFeatureSet`), 32 bytes — with a finger quality of 255, outside the 0–100 of
 *   the 2004 edition, so a strict reader refuses it.
 * - {@link SIMTEMPLATE_ISO_RECORD}: an ISO/IEC 19794-2:2005 template of 5 minutiae from the tests
 *   of SimTemplate (a minutiae annotation tool on GitHub, `TemplatingViewModelTest.TEMPLATE_1_HEX`).
 *
 * Hand-made records exercise what those do not: every extended data area type, per-point core
 * angles (ISO) and block-level ones (ANSI), several views, the limits of every field.
 */
export function bytesOf(...parts: readonly string[]): Uint8Array {
  const hex = parts.join('').replace(/[^0-9a-f]/gi, '');
  return Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
}

export const FINGERJET_ISO_RECORD = bytesOf(
    '464d520020323000000001b6000000c0015e00c500c5010000003944805c014f3d5e805d00cb895d404b0144c05c4067',
    '01374359407500568257800b0125af54805d0132c352407a01294d4f40420148454f801a011fb14d8095005c7d4b809d',
    '012c474980740037f746807d00bf7746408f012ac046406f0056ff45409c00996945801400f5a34440650143b7444098',
    '0153b544400b013db5444015014ec14380b300436a43802d00a2954240b000986441406b0100e841406d00f285418091',
    '00ee654080a6012db540403f010cab40403300a5093f403f0119b33f80a30057e03f8067005b913f803f0100a43f801f',
    '00e81b3e408c00f5d73e409001144d3e405a002f843e407f00ce793e400e00f5a53e40b000fb523e4062001c723d809d',
    '0022e73d4011012c3b3d407b014e393d409101553b3d806801563b3d80570021793c409800f8583c807a0118583c805a',
    '0121bd3c401300fca73c8048011aac3c40b80107d53b406b0023763b806f012cc53b409b01393d3b405d00377d3a80a4',
    '00495d3a809600917d3a804e0063103980a400bde939402600cc9639806900d4fb39808300f4cd394050013fc3394086',
    '00fb5e390000',
);

export const FINGERJET_EMPTY_ANSI_RECORD = bytesOf('464d5200 20323000 0020 0033 0000 0000 0008 0008 00c5 00c5 01 00', '00 00 ff 00 0000');

export const SIMTEMPLATE_ISO_RECORD = bytesOf('464D5200203230000000003C0000012C019000C500C5010000105B054087000B660080B5003B6700407100176C00407600346D0080A0004BE2000000');

/** ISO/IEC 19794-2:2005, one view, three minutiae at the limits of the image, all three kinds of extended data. 89 bytes. */
export const ISO_RECORD_WITH_EXTENDED_DATA = bytesOf(
  '464d5200 20323000', // "FMR\0" " 20\0"
  '00000059', // record length 89
  '8123', // capture equipment: compliance 8, device 0x123
  '0100 0180', // image 256 × 384
  '00c5 00c5', // 197 px/cm
  '01 00', // one view, reserved
  '02 08 50 03', // right index, view 0, swipe (8), quality 80, 3 minutiae
  '4064 00c8 40 3c', // ending (100, 200), 64 × 1.40625° = 90°, quality 60
  '80ff 017f ff 64', // bifurcation (255, 383) — the last pixel —, angle 255, quality 100
  '0000 0000 00 00', // other (0, 0), angle 0, quality 0
  '0029', // extended data block: 41 bytes
  '0001 000b 01 010205 020307', // ridge counts, 11 bytes: four-neighbour, 1–2: 5 ridges, 2–3: 7
  '0002 0016 02 4078 0096 80 0082 00a0 01 4032 012c 10 20 30', // cores and deltas, 22 bytes: a core with angle, one without; a delta with 3 angles
  '0f01 0008 deadbeef', // vendor area 0x0F01, kept as received
);

/** ANSI INCITS 378-2004, two views of a finger, core and delta data with block-level angle flags. 69 bytes. */
export const ANSI_RECORD_TWO_VIEWS = bytesOf(
  '464d5200 20323000', // "FMR\0" " 20\0"
  '0045', // record length 69 (2-byte form)
  '0033 0001', // CBEFF product identifier: owner 0x0033, type 1
  '8001', // capture equipment: compliance 8 (Appendix F), device 1
  '0200 0200', // image 512 × 512
  '00c5 00c5', // 197 px/cm
  '02 00', // two views, reserved
  '01 01 46 02', // right thumb, view 0, live-scan rolled, quality 70, 2 minutiae
  '400a 0014 b3 32', // ending (10, 20), 179 × 2° = 358°, quality 50
  '81ff 01ff 2d 00', // bifurcation (511, 511), 45 × 2° = 90°, quality 0
  '0013', // extended data block: 19 bytes
  '0002 0013 41 0100 0080 5a 02 0010 0020 0030 0040', // cores (with angles, 1) and deltas (no angles, 2)
  '01 11 50 00 0000', // right thumb, view 1, live-scan rolled, quality 80, no minutiae, no extended data
);
