/** A school as the rules need it, and the store of schools. */
import type { SchoolCalendar } from '../../domain/calendar.ts';
import type { EscalationPolicy } from '../../domain/flags.ts';
import type { Ladder } from '../../domain/ladder.ts';
import type { PenaltyRules } from '../../domain/penalty.ts';

/** A school's settings as the rules need them. */
export interface SchoolContext {
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
  readonly calendar: SchoolCalendar;
  readonly ladder: Ladder;
  readonly penaltyRules: PenaltyRules;
  /** The school's own escalation policy, where it set one. */
  readonly escalation?: EscalationPolicy;
}

export interface Schools {
  /** Throws when there is no such school. */
  load(schoolId: string): Promise<SchoolContext>;
  ids(): Promise<string[]>;
}
