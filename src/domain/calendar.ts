/**
 * A school's calendar: half terms (and so terms), planned closures, and register times.
 * School days, school weeks and remaining sessions come from here, never from the wall
 * clock: a week of half term is not a school week, a bank holiday or INSET day is not a
 * school day.
 */
import {
  type DayNumber,
  type IsoDate,
  type Session,
  academicYearOf,
  dayOf,
  isWeekend,
  isoOf,
  mondayOf,
  SESSIONS,
} from './dates.ts';

export type TermName = 'autumn' | 'spring' | 'summer';

export interface HalfTermSpec {
  /** e.g. "Autumn 1" */
  readonly name: string;
  readonly term: TermName;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** A planned closure (`#`): the whole day, or one session of it. */
export interface ClosureSpec {
  readonly date: IsoDate;
  readonly session?: Session;
  readonly reason: string;
}

/** Register times in the school's local time, HH:MM. */
export interface RegisterTimes {
  readonly opens: string;
  readonly closes: string;
}

export interface CalendarSpec {
  readonly halfTerms: readonly HalfTermSpec[];
  readonly closures?: readonly ClosureSpec[];
  readonly registers?: Readonly<Record<Session, RegisterTimes>>;
}

export interface HalfTerm {
  readonly name: string;
  readonly term: TermName;
  readonly start: DayNumber;
  readonly end: DayNumber;
}

/** The regulations: a register may be open for no longer than 30 minutes. */
export const MAX_REGISTER_OPEN_MINUTES = 30;

export const DEFAULT_REGISTERS: Readonly<Record<Session, RegisterTimes>> = {
  AM: { opens: '08:45', closes: '09:15' },
  PM: { opens: '13:15', closes: '13:45' },
};

export class CalendarError extends Error {}

function minutesOf(hhmm: string, field: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new CalendarError(`${field}: not a time of day (HH:MM): ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export class SchoolCalendar {
  readonly halfTerms: readonly HalfTerm[];
  readonly registers: Readonly<Record<Session, RegisterTimes>>;
  /** Sorted school days: days with at least one open session. */
  readonly schoolDays: readonly DayNumber[];
  /** Sorted Mondays of the weeks holding at least one school day. */
  readonly schoolWeeks: readonly DayNumber[];
  private readonly openSessions = new Map<DayNumber, number>(); // bit 1 AM, bit 2 PM

  constructor(spec: CalendarSpec) {
    const halfTerms = spec.halfTerms.map((h, i) => {
      const start = safeDay(h.start, `halfTerms[${i}].start`);
      const end = safeDay(h.end, `halfTerms[${i}].end`);
      if (end < start) throw new CalendarError(`halfTerms[${i}] (${h.name}): ends before it starts`);
      return { name: h.name, term: h.term, start, end };
    });
    halfTerms.sort((a, b) => a.start - b.start);
    for (let i = 1; i < halfTerms.length; i++) {
      if (halfTerms[i]!.start <= halfTerms[i - 1]!.end) {
        throw new CalendarError(`half terms overlap: ${halfTerms[i - 1]!.name} and ${halfTerms[i]!.name}`);
      }
    }
    this.halfTerms = halfTerms;

    const registers = spec.registers ?? DEFAULT_REGISTERS;
    for (const s of SESSIONS) {
      const opens = minutesOf(registers[s].opens, `registers.${s}.opens`);
      const closes = minutesOf(registers[s].closes, `registers.${s}.closes`);
      if (closes <= opens) throw new CalendarError(`registers.${s}: closes before it opens`);
      if (closes - opens > MAX_REGISTER_OPEN_MINUTES) {
        throw new CalendarError(`registers.${s}: open ${closes - opens} minutes, more than the ${MAX_REGISTER_OPEN_MINUTES} the regulations allow`);
      }
    }
    this.registers = registers;

    for (const h of halfTerms) {
      for (let d = h.start; d <= h.end; d++) if (!isWeekend(d)) this.openSessions.set(d, 3);
    }
    (spec.closures ?? []).forEach((c, i) => {
      const d = safeDay(c.date, `closures[${i}].date`);
      const open = this.openSessions.get(d);
      if (open === undefined) return; // a closure on a day that is not a school day changes nothing
      const left = c.session === undefined ? 0 : open & ~(c.session === 'AM' ? 1 : 2);
      if (left === 0) this.openSessions.delete(d);
      else this.openSessions.set(d, left);
    });
    this.schoolDays = [...this.openSessions.keys()].sort((a, b) => a - b);
    this.schoolWeeks = uniqueSorted(this.schoolDays.map(mondayOf));
  }

  /**
   * The calendar the evaluate contract uses: a school day is a date on which the register
   * has at least one mark other than `#`; both sessions are open on it.
   */
  static fromSchoolDays(days: Iterable<DayNumber>): SchoolCalendar {
    const cal = new SchoolCalendar({ halfTerms: [] });
    for (const d of days) cal.openSessions.set(d, 3);
    const sorted = [...cal.openSessions.keys()].sort((a, b) => a - b);
    (cal as { schoolDays: readonly DayNumber[] }).schoolDays = sorted;
    (cal as { schoolWeeks: readonly DayNumber[] }).schoolWeeks = uniqueSorted(sorted.map(mondayOf));
    return cal;
  }

  isSchoolDay(day: DayNumber): boolean {
    return this.openSessions.has(day);
  }

  isOpen(day: DayNumber, session: Session): boolean {
    const open = this.openSessions.get(day) ?? 0;
    return (open & (session === 'AM' ? 1 : 2)) !== 0;
  }

  /** Sessions open on a day: 0, 1 or 2. */
  sessionsOn(day: DayNumber): number {
    const open = this.openSessions.get(day) ?? 0;
    return (open & 1) + ((open >> 1) & 1);
  }

  /** The number of school days in [from, to]. */
  schoolDaysBetween(from: DayNumber, to: DayNumber): number {
    return upperBound(this.schoolDays, to) - lowerBound(this.schoolDays, from);
  }

  /** Open sessions in [from, to]. */
  sessionsBetween(from: DayNumber, to: DayNumber): number {
    let n = 0;
    for (let i = lowerBound(this.schoolDays, from); i < this.schoolDays.length; i++) {
      const d = this.schoolDays[i]!;
      if (d > to) break;
      n += this.sessionsOn(d);
    }
    return n;
  }

  /** The latest school day on or before the day, if any. */
  lastSchoolDayOnOrBefore(day: DayNumber): DayNumber | undefined {
    const i = upperBound(this.schoolDays, day) - 1;
    return i >= 0 ? this.schoolDays[i] : undefined;
  }

  /** The last school day of the day's week (Monday to Sunday), if the week has one. */
  lastSchoolDayOfWeek(day: DayNumber): DayNumber | undefined {
    const last = this.lastSchoolDayOnOrBefore(mondayOf(day) + 6);
    return last !== undefined && last >= mondayOf(day) ? last : undefined;
  }

  /**
   * The school week a weekly summary on this day reports, by its last school day: this week's,
   * from that day on (a Thursday when Friday is an INSET day); before it, the latest week
   * already over (so a summary missed while the service was down is posted the next time).
   */
  weekToSummarise(day: DayNumber): DayNumber | undefined {
    const last = this.lastSchoolDayOfWeek(day);
    return last !== undefined && last <= day ? last : this.lastSchoolDayOnOrBefore(mondayOf(day) - 1);
  }

  /** The school days on or before the day, latest first. */
  *schoolDaysBackFrom(day: DayNumber): Generator<DayNumber> {
    for (let i = upperBound(this.schoolDays, day) - 1; i >= 0; i--) yield this.schoolDays[i]!;
  }

  /** The `n`th school day after the day (the day itself not counted); undefined past the calendar. */
  schoolDayAfter(day: DayNumber, n: number): DayNumber | undefined {
    return this.schoolDays[upperBound(this.schoolDays, day) + n - 1];
  }

  /**
   * The latest monitoring point on or before the day, within its academic year: the last school
   * day of the latest half term of that year to have ended by then (a half term's review is due
   * from its last day until the next half term's). Undefined before the year's first one.
   */
  monitoringPointOnOrBefore(day: DayNumber): { readonly day: DayNumber; readonly halfTerm: HalfTerm } | undefined {
    const year = academicYearOf(day);
    for (let i = this.halfTerms.length - 1; i >= 0; i--) {
      const h = this.halfTerms[i]!;
      if (h.start > day) continue;
      if (academicYearOf(h.start) !== year) return undefined;
      const last = this.lastSchoolDayOnOrBefore(h.end);
      if (last === undefined || last < h.start) continue;
      if (last <= day) return { day: last, halfTerm: h };
    }
    return undefined;
  }

  halfTermOf(day: DayNumber): HalfTerm | undefined {
    return this.halfTerms.find((h) => h.start <= day && day <= h.end);
  }

  /** The half term holding the day, or the next one when the day falls in a holiday. */
  currentOrNextHalfTerm(day: DayNumber): HalfTerm | undefined {
    return this.halfTerms.find((h) => day <= h.end);
  }

  /** The last day of the last half term of the academic year that holds the day. */
  endOfYear(day: DayNumber): DayNumber | undefined {
    const year = academicYearOf(day);
    const inYear = this.halfTerms.filter((h) => academicYearOf(h.start) === year);
    return inYear.length > 0 ? inYear[inYear.length - 1]!.end : undefined;
  }

  describe(day: DayNumber): string {
    const ht = this.halfTermOf(day);
    return `${isoOf(day)}${ht ? ` (${ht.name})` : ''}`;
  }
}

function safeDay(text: string, field: string): DayNumber {
  try {
    return dayOf(text);
  } catch {
    throw new CalendarError(`${field}: not a date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  }
}

function uniqueSorted(xs: readonly number[]): number[] {
  const out: number[] = [];
  for (const x of xs) if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  return out;
}

/** First index whose value is >= x. */
export function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x. */
export function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
