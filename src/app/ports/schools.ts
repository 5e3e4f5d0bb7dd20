/** A school as the rules need it, and the store of schools. */
import type { CalendarSpec, SchoolCalendar } from '../../domain/calendar.ts';
import type { AttendanceCode } from '../../domain/codes.ts';
import type { EscalationPolicy } from '../../domain/flags.ts';
import type { Ladder } from '../../domain/ladder.ts';
import type { PenaltyRules } from '../../domain/penalty.ts';
import type { Who } from './audit.ts';
import type { Role } from '../../domain/access.ts';
import type { Purpose } from '../../domain/audience.ts';

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
  /** What the school has set up, for `setup`, read in one go. */
  setup(schoolId: string): Promise<SetupFacts>;
}

/** What a school has set up: where its posts go, who can be reached, where its marks come from. */
export interface SetupFacts {
  /** Channels bound for its posts (Teams personal chats are not bindings). */
  readonly bound: readonly { readonly purpose: Purpose; readonly yearGroup: number | null; readonly platform: 'slack' | 'teams' }[];
  /** The year groups on its roll. */
  readonly years: readonly number[];
  /** How many staff hold each role and can be reached in chat (a Slack or Teams id). */
  readonly roles: Readonly<Partial<Record<Role, number>>>;
  /** Its MIS connection (`wonde`), if any. */
  readonly mis: string | null;
  readonly slackWorkspace: string | null;
  readonly teamsTenant: string | null;
}

/** A school's own settings, as they are saved (validated by the school-settings use cases). */
export interface SchoolSettings {
  readonly id: string;
  readonly name: string;
  readonly ladder: Ladder;
  readonly registers?: CalendarSpec['registers'];
  readonly penaltyCodes?: readonly AttendanceCode[];
  readonly timezone?: string;
  /** The Slack workspace (`team_id`) its staff use; left as it is when absent. */
  readonly slackTeamId?: string;
  /** The Microsoft 365 tenant its staff use in Teams (lower case); left as it is when absent. */
  readonly teamsTenantId?: string;
}

/** Where a school's settings are written, each write in one transaction with its audit entry. */
export interface SchoolAdmin {
  exists(schoolId: string): Promise<boolean>;
  save(s: SchoolSettings, who: Who): Promise<void>;
  /** Replaces the school's half terms and closures within the span of the calendar given. */
  setCalendar(schoolId: string, spec: CalendarSpec, who: Who): Promise<void>;
  /** False when there is no such school. */
  setEscalation(schoolId: string, p: EscalationPolicy, who: Who): Promise<boolean>;
  /** False when there is no such school. */
  setWorkspace(schoolId: string, w: { readonly slackTeamId?: string; readonly teamsTenantId?: string }, who: Who): Promise<boolean>;
  /** Stores a new API key's hash; its id, or undefined when there is no such school. */
  createApiKey(schoolId: string, label: string, keyHash: string, who: Who): Promise<number | undefined>;
}
