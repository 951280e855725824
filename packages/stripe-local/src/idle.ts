/**
 * Counts background work (webhook deliveries, delayed asynchronous payments) so that tests can await
 * the moment nothing is left, instead of sleeping for a guessed amount of time.
 */
export class IdleTracker {
  #pending = 0;
  #waiters: Array<() => void> = [];

  /** Marks the start of one piece of background work. */
  begin(): void {
    this.#pending += 1;
  }

  /** Marks the end of one piece of background work started with {@link IdleTracker.begin}. */
  end(): void {
    this.#pending = Math.max(0, this.#pending - 1);
    if (this.#pending === 0) this.release();
  }

  /** How many pieces of work are running. */
  get pending(): number {
    return this.#pending;
  }

  /** Resolves once no work is pending (at once if none is). */
  whenIdle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Resolves every waiter now, e.g. on shutdown when pending work is abandoned. */
  release(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}
