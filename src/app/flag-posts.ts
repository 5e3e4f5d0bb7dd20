/**
 * A safeguarding flag as it is posted: its card (raised, escalated or acknowledged, with what
 * was done) and the posts it lives in (the flag itself to the safeguarding channel; each
 * escalation to the safeguarding channel, and at the top level to senior leaders too).
 */
import { type FlagView, flagCard } from '../../cards/jobs.ts';
import type { Card } from '../../cards/model.ts';
import { schoolDateTime, timeOfDay } from '../config/clock.ts';
import { flagActionLabel } from '../domain/flags.ts';
import { displayName } from '../domain/names.ts';
import type { AcknowledgedFlagView, Purpose } from './ports.ts';

type FlagRecord = Pick<AcknowledgedFlagView, 'id' | 'level' | 'summary' | 'pupil'>;

/**
 * The card of a flag; `acknowledged` when it has been, with who (by name), in the school's time
 * zone; `since`, what has happened since it was raised (src/domain/flags.ts flagProgress).
 */
export function flagCardOf(
  f: FlagRecord & Partial<Pick<AcknowledgedFlagView, 'acknowledgedAt' | 'acknowledgedAction' | 'acknowledgedNote'>> & { readonly raisedAt?: Date },
  acknowledgedByName?: string, timezone?: string, since?: string,
): Card {
  const view: FlagView = {
    id: f.id, pupilName: displayName(f.pupil), regGroup: f.pupil.regGroup, summary: f.summary, level: f.level, ...(since ? { since } : {}),
    ...(f.pupil.upn ? { upn: f.pupil.upn } : {}),
    ...(f.raisedAt ? { raised: schoolDateTime(f.raisedAt, timezone) } : {}),
  };
  if (!f.acknowledgedAt || acknowledgedByName === undefined) return flagCard(view);
  const action = flagActionLabel(f.acknowledgedAction);
  return flagCard({
    ...view,
    acknowledged: { by: acknowledgedByName, at: timeOfDay(f.acknowledgedAt, timezone), ...(action ? { action } : {}), ...(f.acknowledgedNote ? { note: f.acknowledgedNote } : {}) },
  });
}

/**
 * The posts a flag lives in at a level: one per conversation. In the safeguarding channel (the
 * DSL and deputies) it is the flag's own post, updated in place as it escalates; at the top
 * level, senior leaders get it too, in their channel.
 */
export function flagPosts(flagId: number, level: number): { kind: string; purpose: Purpose }[] {
  return [{ kind: `flag:${flagId}`, purpose: 'dsl' }, ...(level >= 2 ? [{ kind: `flag:${flagId}:escalation:2`, purpose: 'senior' as const }] : [])];
}
