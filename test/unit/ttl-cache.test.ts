import { describe, expect, it, vi } from 'vitest';
import { TtlCache } from '../../src/shared/ttl-cache.ts';

describe('TtlCache', () => {
  it('keeps a value for its time, then loads again; a failure is not kept', async () => {
    vi.useFakeTimers();
    try {
      const cache = new TtlCache<string, number>(1000);
      let loads = 0;
      const load = async () => ++loads;
      expect(await cache.get('a', load)).toBe(1);
      expect(await cache.get('a', load)).toBe(1);
      vi.advanceTimersByTime(1001);
      expect(await cache.get('a', load)).toBe(2);
      await expect(cache.get('b', async () => { throw new Error('down'); })).rejects.toThrow('down');
      expect(await cache.get('b', load)).toBe(3);
      cache.clear();
      expect(await cache.get('a', load)).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
