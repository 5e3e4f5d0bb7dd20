import { describe, expect, it } from 'vitest';
import { InFlight, settlesWithin } from '../../src/shared/in-flight.ts';

const later = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
};

describe('InFlight', () => {
  it('waits for the work running now, failed or not, and hands each back as it is', async () => {
    const running = new InFlight();
    const a = later<number>();
    const b = later<number>();
    const tracked = running.track(a.promise);
    const failing = running.track(b.promise);
    expect(tracked).toBe(a.promise);
    let settled = false;
    const all = running.settled().then(() => { settled = true; });
    a.resolve(1);
    await tracked;
    await Promise.resolve();
    expect(settled).toBe(false); // b still running
    b.reject(new Error('no'));
    await expect(failing).rejects.toThrow('no');
    await all;
    expect(settled).toBe(true);
  });
});

describe('settlesWithin', () => {
  it('says whether the work settled in time, a failure counting as settled', async () => {
    expect(await settlesWithin(Promise.reject(new Error('x')), 1_000)).toBe(true);
    expect(await settlesWithin(undefined, 1_000)).toBe(true);
    expect(await settlesWithin(new Promise(() => undefined), 20)).toBe(false);
  });
});
