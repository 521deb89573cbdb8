/**
 * Console output: a human view on stdout by default, one JSON document with `--json`.
 * Progress and warnings go to stderr so that stdout stays machine-readable.
 */
export interface Output {
  readonly json: boolean;
  result(human: string, data: unknown): void;
  warn(message: string): void;
  progress(label: string, total: number): Progress;
}

export interface Progress {
  tick(count?: number): void;
  done(): void;
}

export function createOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): Output {
  const interactive = 'isTTY' in stderr && stderr.isTTY === true;
  return {
    json,
    result(human, data) {
      stdout.write(json ? `${JSON.stringify(data, jsonReplacer, 2)}\n` : `${human}\n`);
    },
    warn(message) {
      stderr.write(`warning: ${message}\n`);
    },
    progress(label, total) {
      let current = 0;
      let lastPrinted = -1;
      const draw = (): void => {
        const percent = total === 0 ? 100 : Math.floor((current / total) * 100);
        if (interactive) stderr.write(`\r${label} ${'█'.repeat(Math.floor(percent / 5)).padEnd(20, '·')} ${current}/${total}`);
        else if (percent >= lastPrinted + 10 || current === total) {
          stderr.write(`${label}: ${current}/${total}\n`);
          lastPrinted = percent;
        }
      };
      draw();
      return {
        tick(count = 1) {
          current = Math.min(total, current + count);
          draw();
        },
        done() {
          current = total;
          if (interactive) stderr.write(`\r${label} ${'█'.repeat(20)} ${total}/${total}\n`);
          else if (lastPrinted < 100) stderr.write(`${label}: ${total}/${total}\n`);
        },
      };
    },
  };
}

export function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return value.toString();
  return value;
}
