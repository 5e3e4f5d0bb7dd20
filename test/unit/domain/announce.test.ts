import { describe, expect, it } from 'vitest';
import { announce } from '../../../src/domain/announce.ts';

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
