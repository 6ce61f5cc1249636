/** Real-time waits that something else can cut short (the worker's loops run on real timers). */
export class Sleeper {
  private readonly waiting = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiting.add(done);
    });
  }

  /** Ends every current wait now. */
  wakeAll(): void {
    for (const w of [...this.waiting]) w();
  }
}
