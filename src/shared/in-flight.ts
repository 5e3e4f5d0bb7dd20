/**
 * Waiting, with a bound, for work that is still running: what a stop does before it closes
 * what that work uses (the database).
 */

/** A deadline: resolves after `ms`, holding no process open. */
export const after = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms).unref());

/** Whether `work` settled (resolved or failed) within `ms`. */
export const settlesWithin = (work: Promise<unknown> | undefined, ms: number): Promise<boolean> =>
  Promise.race([(work ?? Promise.resolve()).then(() => true, () => true), after(ms).then(() => false)]);

/** The work running now (requests being answered, events being processed). */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Counts `work` as running until it settles; returns it as it is. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => { this.running.delete(work); };
    work.then(forget, forget);
    return work;
  }

  /** Resolves when the work running now has settled, whatever its outcome. */
  settled(): Promise<void> {
    return Promise.allSettled([...this.running]).then(() => undefined);
  }
}
