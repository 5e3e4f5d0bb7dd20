import { describe, expect, it } from 'vitest';
import { civilDate, instantOf, timeOfDay } from '../../../src/config/clock.ts';

describe('school time in Europe/London', () => {
  it('09:15 is 09:15 GMT in winter and 08:15 UTC in summer time', () => {
    expect(instantOf('2025-01-13', '09:15').toISOString()).toBe('2025-01-13T09:15:00.000Z');
    expect(instantOf('2025-03-31', '09:15').toISOString()).toBe('2025-03-31T08:15:00.000Z'); // the Monday after the change
    expect(instantOf('2025-10-27', '09:15').toISOString()).toBe('2025-10-27T09:15:00.000Z');
  });
  it('gives the civil date and time in London, not UTC', () => {
    expect(civilDate(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(timeOfDay(new Date('2025-06-30T23:30:00Z'))).toBe('00:30');
    expect(civilDate(new Date('2025-01-31T23:30:00Z'))).toBe('2025-01-31');
  });
});
