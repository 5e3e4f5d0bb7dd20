import { describe, expect, it } from 'vitest';
import { announce, storedAs } from '../../../src/domain/announce.ts';

type Met = 'met' | 'not-met';
const never = (): Met => { throw new Error('the previous day is not read when the state is stored'); };

describe('alerts from stored state', () => {
  it('a pupil never announced: compared with the previous school day, so a first run announces only today\'s crossings, and the state is stored', () => {
    expect(announce<Met>(undefined, () => 'met', 'met', '2025-02-26')).toEqual({ save: { state: 'met', previous: 'met', changedOn: '2025-02-26' } });
    expect(announce<Met>(undefined, () => 'not-met', 'met', '2025-02-26')).toEqual({ change: { from: 'not-met', to: 'met' }, save: { state: 'met', previous: 'not-met', changedOn: '2025-02-26' } });
  });

  it('a crossing through marks amended in the past is announced the day it lands (yesterday re-evaluated would say "met" already)', () => {
    const stored = { state: 'not-met' as const, previous: 'not-met' as const, changedOn: '2025-02-20' };
    expect(announce<Met>(stored, never, 'met', '2025-02-26')).toEqual({ change: { from: 'not-met', to: 'met' }, save: { state: 'met', previous: 'not-met', changedOn: '2025-02-26' } });
  });

  it('nobody twice: the next day, and a second run the same day rebuilds the same alert without storing again', () => {
    const announced = { state: 'met' as const, previous: 'not-met' as const, changedOn: '2025-02-26' };
    expect(announce<Met>(announced, never, 'met', '2025-02-26')).toEqual({ change: { from: 'not-met', to: 'met' } });
    expect(announce<Met>(announced, never, 'met', '2025-02-27')).toEqual({});
  });

  it('dropping back is stored (no alert for the threshold; the caller decides), and crossing again is announced again', () => {
    const announced = { state: 'met' as const, previous: 'not-met' as const, changedOn: '2025-02-26' };
    const dropped = announce<Met>(announced, never, 'not-met', '2025-03-10');
    expect(dropped).toEqual({ change: { from: 'met', to: 'not-met' }, save: { state: 'not-met', previous: 'met', changedOn: '2025-03-10' } });
    expect(announce<Met>(dropped.save, never, 'met', '2025-04-01')).toEqual({ change: { from: 'not-met', to: 'met' }, save: { state: 'met', previous: 'not-met', changedOn: '2025-04-01' } });
  });

  it('a change undone the same day: nothing to announce, and the state stored again as it was', () => {
    const announced = { state: 'met' as const, previous: 'not-met' as const, changedOn: '2025-02-26' };
    expect(announce<Met>(announced, never, 'not-met', '2025-02-26')).toEqual({ save: { state: 'not-met', previous: 'not-met', changedOn: '2025-02-26' } });
  });
});

describe('a stored state read back', () => {
  const isMet = (s: string): s is Met => s === 'met' || s === 'not-met';
  it('is kept when both its states are ones the alert knows', () => {
    expect(storedAs({ state: 'met', previous: 'not-met', changedOn: '2025-02-26' }, isMet)).toEqual({ state: 'met', previous: 'not-met', changedOn: '2025-02-26' });
  });
  it('counts as never announced when either state is unknown, or nothing is stored', () => {
    expect(storedAs({ state: 'severe', previous: 'not-met', changedOn: '2025-02-26' }, isMet)).toBeUndefined();
    expect(storedAs({ state: 'met', previous: 'persistent', changedOn: '2025-02-26' }, isMet)).toBeUndefined();
    expect(storedAs(undefined, isMet)).toBeUndefined();
  });
});
