/**
 * The National Framework for penalty notices (from 19 August 2024): a penalty notice must be
 * considered when a pupil has 10 sessions of unauthorised absence within a rolling period
 * of 10 school weeks. A school week is any week with at least one school day; the period
 * skips holiday weeks and may span terms and academic years. Sessions already linked to an
 * earlier notice do not count again.
 */
import { type AttendanceCode, CODE_INDEX, DEFAULT_PENALTY_CODES, NOT_YET_ESTABLISHED, codeInfo, isAttendanceCode } from './codes.ts';
import type { SchoolCalendar } from './calendar.ts';
import { lowerBound } from './calendar.ts';
import { type DayNumber, type Slot, isoOf, mondayOf } from './dates.ts';
import type { PupilRegister } from './register.ts';

export const PENALTY_WINDOW_WEEKS = 10;
export const PENALTY_THRESHOLD_SESSIONS = 10;
/** `N` must be replaced by a reason within this many school days. */
export const N_RESOLVE_SCHOOL_DAYS = 5;

export interface PenaltyRules {
  /** Codes counted towards the threshold; the National Framework's seeds count G, O, U. */
  readonly countedCodes: readonly AttendanceCode[];
  readonly windowWeeks: number;
  readonly thresholdSessions: number;
}

export const NATIONAL_PENALTY_RULES: PenaltyRules = {
  countedCodes: DEFAULT_PENALTY_CODES,
  windowWeeks: PENALTY_WINDOW_WEEKS,
  thresholdSessions: PENALTY_THRESHOLD_SESSIONS,
};

export interface PenaltyWindow {
  /** Mondays of the school weeks in the window, oldest first. */
  readonly weeks: readonly DayNumber[];
  /** First school day of the window; null when no school day is on or before the as-of date. */
  readonly start: DayNumber | null;
  /** Last school day of the window on or before the as-of date. */
  readonly end: DayNumber | null;
}

/** The trailing window of school weeks up to and including the week of `asOf`. */
export function penaltyWindow(calendar: SchoolCalendar, asOf: DayNumber, weeks = PENALTY_WINDOW_WEEKS): PenaltyWindow {
  const end = calendar.lastSchoolDayOnOrBefore(asOf);
  if (end === undefined) return { weeks: [], start: null, end: null };
  const all = calendar.schoolWeeks;
  const last = lowerBound(all, mondayOf(end)); // the week of `end` is a school week
  const inWindow = all.slice(Math.max(0, last - weeks + 1), last + 1);
  const firstMonday = inWindow[0]!;
  const start = calendar.schoolDays[lowerBound(calendar.schoolDays, firstMonday)]!;
  return { weeks: inWindow, start, end };
}

export interface PenaltyCount {
  readonly sessions: number;
  /** The slots that made up the count, oldest first. */
  readonly slots: readonly Slot[];
  readonly thresholdMet: boolean;
}

/**
 * Counts the pupil's sessions in the window marked with a counted code, leaving out any
 * slot already linked to a penalty notice.
 */
export function countPenaltySessions(
  register: PupilRegister,
  window: PenaltyWindow,
  rules: PenaltyRules = NATIONAL_PENALTY_RULES,
  alreadyLinked?: ReadonlySet<Slot>,
): PenaltyCount {
  if (window.start === null || window.end === null) return { sessions: 0, slots: [], thresholdMet: false };
  const counted = new Uint8Array(64);
  for (const c of rules.countedCodes) counted[CODE_INDEX.get(c)!] = 1;
  const weekSet = new Set(window.weeks);
  const slots: Slot[] = [];
  const end = register.indexAfter(window.end);
  for (let i = register.indexFrom(window.weeks[0]!); i < end; i++) {
    if (!counted[register.codes[i]!]) continue;
    const slot = register.slots[i]!;
    if (!weekSet.has(mondayOf(slot >> 1))) continue;
    if (alreadyLinked?.has(slot)) continue;
    slots.push(slot);
  }
  return { sessions: slots.length, slots, thresholdMet: slots.length >= rules.thresholdSessions };
}

/**
 * `N` marks older than 5 school days: the reason should have been established by now.
 * Age is the number of school days after the mark's day, up to and including `asOf`.
 */
export function unresolvedNotYetEstablished(
  register: PupilRegister,
  calendar: SchoolCalendar,
  asOf: DayNumber,
): Slot[] {
  const n = CODE_INDEX.get(NOT_YET_ESTABLISHED)!;
  const out: Slot[] = [];
  const end = register.indexAfter(asOf);
  for (let i = 0; i < end; i++) {
    if (register.codes[i] !== n) continue;
    const day = register.slots[i]! >> 1;
    if (calendar.schoolDaysBetween(day + 1, asOf) > N_RESOLVE_SCHOOL_DAYS) out.push(register.slots[i]!);
  }
  return out;
}

/**
 * The marks that count towards no further notice: those linked to a notice for every parent of the
 * child. Each parent may be issued a notice for the same sessions (National Framework), so a notice
 * to one leaves them countable for another. Marks linked before notices named a parent (key 0), or
 * for a child with no parent named, count for no one again.
 */
export function linkedForEveryParent(byParent: ReadonlyMap<number, ReadonlySet<Slot>>, parents: readonly number[]): Set<Slot> {
  const out = new Set<Slot>(byParent.get(0) ?? []);
  if (parents.length === 0) {
    for (const slots of byParent.values()) for (const s of slots) out.add(s);
    return out;
  }
  const [first, ...rest] = parents;
  for (const s of byParent.get(first!) ?? []) if (rest.every((p) => byParent.get(p)?.has(s))) out.add(s);
  return out;
}

/** Penalty notice amounts (National Framework, August 2024), in pence. */
export const PENALTY_AMOUNT_PENCE = 16_000;
export const PENALTY_REDUCED_PENCE = 8_000;

/** The same calendar day three years on (29 February: 1 March). */
export function threeYearsAfter(day: DayNumber): DayNumber {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear() + 3, d.getUTCMonth(), d.getUTCDate()) / 86_400_000;
}

export type NextNotice =
  | { readonly allowed: true; readonly sequence: 1 | 2; readonly amountPence: number; readonly explanation: string; readonly short: string }
  | { readonly allowed: false; readonly explanation: string; readonly short: string; readonly until?: DayNumber };

/**
 * What the next notice to one parent for one child can be on `day`, from the days of the notices
 * already issued to that parent for that child (another parent's notices do not count). The
 * three years run from the first notice: a first is £160 (£80 if paid within 21 days); a second
 * within three years of the first is £160 with no reduction; no third within three years of the
 * first (prosecution or other action instead). Once three years from the first have passed,
 * the next notice is a first again.
 */
export function nextNoticeToParent(noticeDays: readonly DayNumber[], day: DayNumber): NextNotice {
  let first: DayNumber | undefined;
  let inPeriod = 0;
  for (const d of [...noticeDays].filter((n) => n <= day).sort((a, b) => a - b)) {
    if (first === undefined || d >= threeYearsAfter(first)) { first = d; inPeriod = 1; } else inPeriod++;
  }
  if (first === undefined || day >= threeYearsAfter(first)) return nextPenaltyNotice(0);
  return inPeriod === 1 ? nextPenaltyNotice(1) : { ...nextPenaltyNotice(2) as Extract<NextNotice, { allowed: false }>, until: threeYearsAfter(first) };
}

/** The notice that follows `issued` notices in the three years from the first (see `nextNoticeToParent`). */
function nextPenaltyNotice(issued: number): NextNotice {
  if (issued === 0) return { allowed: true, sequence: 1, amountPence: PENALTY_AMOUNT_PENCE, explanation: 'first notice: £160, or £80 if paid within 21 days', short: 'first notice: £160 (£80 within 21 days)' };
  if (issued === 1) return { allowed: true, sequence: 2, amountPence: PENALTY_AMOUNT_PENCE, explanation: 'second notice within 3 years: £160, no reduction', short: 'second notice within 3 years: £160, no reduction' };
  return { allowed: false, explanation: 'No third penalty notice within 3 years of the first: the next step is prosecution (a fine of up to £2,500).', short: 'no third notice within 3 years: prosecution route' };
}

/**
 * The codes a school may count towards the penalty threshold: unauthorised codes only (`G`,
 * `O`, `U`, and `N` for the authorities that count it). Returns the problem with a code, or
 * undefined when every code may be counted.
 */
export function penaltyCodeProblem(codes: readonly string[]): string | undefined {
  if (codes.length === 0) return 'at least one code is counted (the National Framework counts G, O and U)';
  for (const c of codes) {
    if (!isAttendanceCode(c)) return `"${c}" is not a DfE 2024 attendance code`;
    if (codeInfo(c).countsAs !== 'unauthorised') return `"${c}" is not an unauthorised absence code: only G, N, O and U count towards a penalty notice`;
  }
  return undefined;
}

/**
 * A penalty notice's life: the school requests it; the local authority issues it (on a day) or
 * refuses it; an issued notice is paid, withdrawn, or unpaid and referred for prosecution; a
 * request may be withdrawn before the LA decides.
 */
export const NOTICE_STATUSES = ['requested', 'issued', 'paid', 'withdrawn', 'refused', 'prosecution'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** What may follow each status. */
export const NOTICE_NEXT: Readonly<Record<NoticeStatus, readonly NoticeStatus[]>> = {
  requested: ['issued', 'refused', 'withdrawn'],
  issued: ['paid', 'withdrawn', 'prosecution'],
  paid: [],
  withdrawn: [],
  refused: [],
  prosecution: [],
};

export const NOTICE_STATUS_LABEL: Readonly<Record<NoticeStatus, string>> = {
  requested: 'requested from the LA', issued: 'issued by the LA', paid: 'paid', withdrawn: 'withdrawn', refused: 'refused by the LA', prosecution: 'unpaid: referred for prosecution',
};

/** A notice as the rules need it. */
export interface NoticeRecord {
  readonly id: number;
  /** The parent it names (null: recorded before notices named a parent). */
  readonly contactId: number | null;
  readonly status: NoticeStatus;
  readonly requestedOn: DayNumber;
  /** The day the LA issued it, once it has. */
  readonly issuedOn?: DayNumber;
}

/** Issued by the LA (paid, or unpaid and referred, included): what the three-year rule counts. */
export const wasIssued = (n: NoticeRecord): boolean => n.status === 'issued' || n.status === 'paid' || n.status === 'prosecution';

/** Still holds its marks: not refused or withdrawn (those marks may count towards another notice). */
export const holdsMarks = (n: Pick<NoticeRecord, 'status'>): boolean => n.status !== 'refused' && n.status !== 'withdrawn';

/**
 * A parent for a penalty notice: a contact with parental responsibility, or anyone who has care
 * of the child (Education Act 1996, s576).
 */
export const isParentInLaw = (c: { readonly parentalResponsibility: boolean; readonly care?: boolean }): boolean => c.parentalResponsibility || c.care === true;

/**
 * Each parent (parental responsibility or care of the child) and what their next notice for this
 * child would be, counting only the notices the LA issued to them; a request still awaiting the
 * LA's decision allows no other until it is decided.
 */
export function nextNoticesByParent<C extends { readonly id: number; readonly parentalResponsibility: boolean; readonly care?: boolean }>(
  contacts: readonly C[], notices: readonly NoticeRecord[], day: DayNumber,
): { readonly contact: C; readonly next: NextNotice }[] {
  return contacts.filter(isParentInLaw).map((contact) => {
    const theirs = notices.filter((n) => n.contactId === contact.id);
    const pending = theirs.find((n) => n.status === 'requested');
    if (pending) {
      return { contact, next: { allowed: false, explanation: `A notice requested on ${isoOf(pending.requestedOn)} awaits the local authority's decision: record it (issued or refused) before another.`, short: 'a request awaits the LA\'s decision' } as NextNotice };
    }
    return { contact, next: nextNoticeToParent(theirs.filter(wasIssued).map((n) => n.issuedOn ?? n.requestedOn), day) };
  });
}
