/** Runs `operation` repeatedly for a fixed time after a warm-up; returns the median of rounds in operations per second. */
export async function measure(operation: () => Promise<unknown>, options: { warmupMs?: number; roundMs?: number; rounds?: number } = {}): Promise<{ opsPerSecond: number; msPerOp: number; samples: number }> {
  const { warmupMs = 1000, roundMs = 2000, rounds = 5 } = options;
  const deadline = performance.now() + warmupMs;
  while (performance.now() < deadline) await operation();
  const rates: number[] = [];
  let samples = 0;
  for (let round = 0; round < rounds; round++) {
    let count = 0;
    const start = performance.now();
    let now = start;
    while (now - start < roundMs) {
      await operation();
      count++;
      now = performance.now();
    }
    samples += count;
    rates.push((count * 1000) / (now - start));
  }
  rates.sort((a, b) => a - b);
  const opsPerSecond = rates[Math.floor(rates.length / 2)]!;
  return { opsPerSecond, msPerOp: 1000 / opsPerSecond, samples };
}
