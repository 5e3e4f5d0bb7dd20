/** Safeguarding flags. */
import type { PupilRecord } from './roll.ts';
import type { Actor } from './audit.ts';
import type { RaisedFlagKind } from '../../domain/flags.ts';

export interface FlagToRaise {
  readonly schoolId: string;
  readonly pupilId: number;
  readonly kind: RaisedFlagKind;
  readonly dateKey: string;
  readonly summary: string;
  readonly nextEscalationAt: Date;
}

export interface OpenFlag {
  readonly id: number;
  readonly kind: RaisedFlagKind;
  readonly pupilId: number;
  readonly level: number;
  readonly summary: string;
  readonly dateKey: string;
  readonly nextEscalationAt: Date;
  readonly raisedAt: Date;
  readonly pupil: Pick<PupilRecord, 'givenName' | 'familyName' | 'preferredName' | 'regGroup'> & { readonly upn?: string };
}

export interface Flags {
  /** Raises a flag once per (pupil, kind, dateKey); `raised` is false when it already existed. */
  raise(flag: FlagToRaise): Promise<{ id: number; raised: boolean }>;
  /** Unacknowledged flags whose escalation time has come. */
  due(schoolId: string, now: Date): Promise<OpenFlag[]>;
  /** Moves a flag up one level unless it was acknowledged or moved meanwhile. */
  escalate(flagId: number, fromLevel: number, nextEscalationAt: Date): Promise<boolean>;
  /** Records the first acknowledgement of a school's flag (a second keeps the first); undefined when not the school's. */
  acknowledge(schoolId: string, flagId: number, actor: Actor, what: { action: string; note: string | null }): Promise<AcknowledgedFlag | undefined>;
  /** One of the school's flags as it stands. */
  get(schoolId: string, flagId: number): Promise<(AcknowledgedFlagView & { readonly dateKey: string }) | undefined>;
  /** The school's flags not yet acknowledged, oldest first, with when each was raised. */
  open(schoolId: string): Promise<(OpenFlag & { readonly raisedAt: Date })[]>;
  /** The pupil's flags, open and acknowledged (with who, by name, and what was done), newest first: the DSL's view of the pupil. */
  forPupil(schoolId: string, pupilId: number, limit: number): Promise<PupilFlag[]>;
}

/** A flag, acknowledged or not. */
export interface AcknowledgedFlagView {
  readonly id: number;
  readonly level: number;
  readonly summary: string;
  readonly acknowledgedAt: Date | null;
  /** Who acknowledged it, by name. */
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAction: string | null;
  readonly acknowledgedNote: string | null;
  readonly pupil: Pick<PupilRecord, 'givenName' | 'familyName' | 'preferredName' | 'regGroup'> & { readonly upn?: string };
}

/** A flag once acknowledged: who and when are known. */
export type AcknowledgedFlag = AcknowledgedFlagView & { readonly acknowledgedAt: Date; readonly acknowledgedBy: string };

/** A pupil's flag as the DSL's view of the pupil lists it. */
export interface PupilFlag {
  readonly id: number;
  readonly summary: string;
  readonly raisedAt: Date;
  readonly level: number;
  readonly acknowledgedAt: Date | null;
  /** By name. */
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAction: string | null;
  readonly acknowledgedNote: string | null;
}
