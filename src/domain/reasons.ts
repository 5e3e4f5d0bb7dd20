/**
 * Reasons a parent gives for an absence, and the code each suggests. The school decides:
 * the bot proposes, a member of staff confirms, and the change is a register amendment.
 */
import type { AttendanceCode } from './codes.ts';

export const REASONS = {
  illness: { label: 'Illness', code: 'I' },
  medical: { label: 'Medical or dental appointment', code: 'M' },
  religious: { label: 'Religious observance', code: 'R' },
  'leave-granted': { label: 'Leave granted (exceptional circumstances)', code: 'C' },
  'parent-travelling': { label: 'Parent travelling for work (Traveller family)', code: 'T' },
  transport: { label: 'Transport provided by the LA not available', code: 'Y1' },
  holiday: { label: 'Holiday not granted', code: 'G' },
  late: { label: 'Arrived after the register closed', code: 'U' },
  other: { label: 'Other or no good reason', code: 'O' },
} as const satisfies Record<string, { label: string; code: AttendanceCode }>;

export type Reason = keyof typeof REASONS;

export const isReason = (r: string): r is Reason => Object.prototype.hasOwnProperty.call(REASONS, r);

export type CallOutcome = 'reached' | 'home-visit' | 'social-worker' | 'voicemail' | 'no-answer';
export const CALL_OUTCOMES: Record<CallOutcome, string> = {
  reached: 'Reached a parent or carer',
  'home-visit': 'Home visit: spoke to a parent or carer',
  /** Not contact with the family: the register does not change on it. */
  'social-worker': 'Reached the social worker',
  voicemail: 'Left a voicemail',
  'no-answer': 'No answer',
};

/**
 * Outcomes that are contact with the family: they stop the days-without-contact count (a
 * reason received by another route shows as a reason code in the register, which stops it too).
 */
export const CONTACT_CALL_OUTCOMES: readonly CallOutcome[] = ['reached', 'home-visit'];

/** A reason can change the register only when it came from a parent or carer: never on a voicemail or no answer. */
export const isContact = (outcome: CallOutcome): boolean => CONTACT_CALL_OUTCOMES.includes(outcome);
