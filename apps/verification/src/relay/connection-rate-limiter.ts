/** Addresses tracked at most; beyond, windows that have ended are dropped, then (under a flood of addresses) all. */
const MAX_TRACKED_ADDRESSES = 100_000;

/**
 * A fixed-window count of connection attempts per client address, in memory: enough to stop one
 * address from hammering the relay, not a defence against a distributed flood (which belongs in
 * front of the service). Behind a reverse proxy every attempt comes from the proxy's address, so the
 * limit must then be applied by the proxy (this service does not trust `X-Forwarded-For`); and
 * wallets behind a carrier-grade NAT share an address, hence a generous default.
 */
export class ConnectionRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** `limit` attempts per `windowMs` per address; 0 means no limit. */
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an attempt from `address`; false when it is over the limit. */
  allow(address: string): boolean {
    if (this.limit === 0) return true;
    const now = this.now();
    let window = this.windows.get(address);
    if (!window || window.start + this.windowMs <= now) {
      if (!window && this.windows.size >= MAX_TRACKED_ADDRESSES) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(address, window);
    }
    window.count++;
    return window.count <= this.limit;
  }

  private prune(now: number): void {
    for (const [address, window] of this.windows) if (window.start + this.windowMs <= now) this.windows.delete(address);
    if (this.windows.size >= MAX_TRACKED_ADDRESSES) this.windows.clear();
  }
}
