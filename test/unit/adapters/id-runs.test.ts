import { describe, expect, it } from 'vitest';
import { idRuns } from '../../../src/adapters/db/register-store.ts';

describe('idRuns: the pupils an import compares, as ranges of the primary key', () => {
  it('runs on over small gaps, breaks at large ones, in any order and with repeats', () => {
    expect(idRuns([5, 1, 2, 3, 3, 69, 200, 201], 64)).toEqual([[1, 69], [200, 201]]);
    expect(idRuns([5, 1, 70], 64)).toEqual([[1, 5], [70, 70]]);
    expect(idRuns([10], 64)).toEqual([[10, 10]]);
    expect(idRuns([1, 66, 131], 64)).toEqual([[1, 1], [66, 66], [131, 131]]);
    expect(idRuns([], 64)).toEqual([]);
  });
});
