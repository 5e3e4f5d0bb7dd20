import { describe, expect, it } from 'vitest';
import { editDistance, matchScore, yearOfToken } from '../../../src/domain/names.ts';

const ava = { names: ['Ava', 'Nine'], yearGroup: 9 };
const avaSmith = { names: ['Ava', 'Smith'], yearGroup: 7 };
const chloe = { names: ['Chloë', "O'Brien"], yearGroup: 10 };

describe('forgiving name matching', () => {
  it('finds by full name, first name, prefix and a typo', () => {
    expect(matchScore(['ava', 'nine'], ava)).toBeGreaterThan(matchScore(['ava'], ava));
    expect(matchScore(['nin'], ava)).toBeGreaterThan(0);
    expect(matchScore(['Ava', 'Nien'], ava)).toBeGreaterThan(0);
    expect(matchScore(['ava', 'nine'], avaSmith)).toBe(0); // nine is not Smith's year
  });
  it('reads a year written as a number or a word when it is not a name', () => {
    expect(matchScore(['ava', '7'], avaSmith)).toBeGreaterThan(0);
    expect(matchScore(['ava', 'seven'], avaSmith)).toBeGreaterThan(0);
    expect(matchScore(['ava', 'y9'], avaSmith)).toBe(0);
    expect(yearOfToken('year10')).toBe(10);
    expect(yearOfToken('nine')).toBe(9);
  });
  it('ignores accents, case and apostrophes', () => {
    expect(matchScore(['chloe', 'obrien'], chloe)).toBeGreaterThan(0);
    expect(matchScore(['CHLOE', "O'Brien"], chloe)).toBe(matchScore(['chloe', 'obrien'], chloe));
    expect(matchScore(['chloe', 'brien'], chloe)).toBeGreaterThan(0);
  });
  it('a year alone is not a name match', () => expect(matchScore(['9'], ava)).toBe(0));
  it('edit distance', () => {
    expect(editDistance('nine', 'nien')).toBe(1);
    expect(editDistance('nine', 'nina')).toBe(1);
  });
});
