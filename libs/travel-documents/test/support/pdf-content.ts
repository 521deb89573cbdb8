import { inflateSync } from 'node:zlib';

/** The content of a PDF as the tests need it: page content streams (inflated), text runs and rectangles. */
export interface PdfContent {
  /** Decoded streams that are not images. */
  readonly streams: readonly string[];
  /** The text of each BT … ET block, from its hex strings (pdfkit writes standard-font text as `[<hex> n] TJ`). */
  readonly texts: readonly string[];
  /** The raw PDF as Latin-1 text (for the trailer and dictionaries). */
  readonly raw: string;
}

export function readPdf(bytes: Uint8Array): PdfContent {
  const raw = Buffer.from(bytes).toString('latin1');
  const streams: string[] = [];
  const streamStart = /<<((?:(?!<<|>>)[\s\S])*)>>\s*stream\r?\n/g;
  for (let match = streamStart.exec(raw); match; match = streamStart.exec(raw)) {
    const dictionary = match[1]!;
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    const start = match.index + match[0].length;
    const data = Buffer.from(bytes.subarray(start, start + length));
    streamStart.lastIndex = start + length;
    if (/\/Subtype \/Image/.test(dictionary)) continue;
    streams.push((/\/Filter \/FlateDecode/.test(dictionary) ? inflateSync(data) : data).toString('latin1'));
  }
  const texts: string[] = [];
  for (const stream of streams) {
    for (const block of stream.match(/\bBT\b[\s\S]*?\bET\b/g) ?? []) {
      const hex = [...block.matchAll(/<([0-9a-fA-F]*)>/g)].map((item) => item[1]!).join('');
      texts.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return { streams, texts, raw };
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The longest run of consecutive `re` operators in any stream: the vector QR code. */
export function longestRectRun(content: PdfContent): Rect[] {
  let best: Rect[] = [];
  for (const stream of content.streams) {
    let run: Rect[] = [];
    for (const line of stream.split('\n')) {
      const match = /^(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re$/.exec(line.trim());
      if (match) {
        run.push({ x: Number(match[1]), y: Number(match[2]), width: Number(match[3]), height: Number(match[4]) });
        continue;
      }
      if (run.length > best.length) best = run;
      run = [];
    }
    if (run.length > best.length) best = run;
  }
  return best;
}

/** Rebuilds the module matrix a run of QR rectangles draws (one rectangle per horizontal run of dark modules). */
export function matrixFromRects(rects: readonly Rect[]): { size: number; dark: boolean[][]; moduleSize: number } {
  const moduleSize = Math.min(...rects.map((rect) => rect.height));
  const x0 = Math.min(...rects.map((rect) => rect.x));
  const y0 = Math.min(...rects.map((rect) => rect.y));
  const size = Math.round((Math.max(...rects.map((rect) => rect.x + rect.width)) - x0) / moduleSize);
  const dark = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const rect of rects) {
    const row = Math.round((rect.y - y0) / moduleSize);
    const start = Math.round((rect.x - x0) / moduleSize);
    const span = Math.round(rect.width / moduleSize);
    for (let column = start; column < start + span; column++) dark[row]![column] = true;
  }
  return { size, dark, moduleSize };
}
