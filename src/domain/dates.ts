/**
 * Calendar dates as the school sees them: a date is a civil date (YYYY-MM-DD) with no time
 * of day and no time zone. Inside the engine a date is a day number (days since
 * 1970-01-01), which makes week and day arithmetic exact and fast. Times of day and the
 * Europe/London zone are handled at the edges (see src/domain/clock.ts).
 */

export type IsoDate = string;
/** Days since 1970-01-01. */
export type DayNumber = number;

export type Session = 'AM' | 'PM';
export const SESSIONS: readonly Session[] = ['AM', 'PM'];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Parses YYYY-MM-DD, returning undefined for anything that is not a real date. */
export function parseIsoDate(text: string): DayNumber | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return undefined;
  }
  return ms / MS_PER_DAY;
}

export function dayOf(date: IsoDate): DayNumber {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return day;
}

export function isoOf(day: DayNumber): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(day: DayNumber): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(day: DayNumber): boolean {
  return isoWeekday(day) >= 6;
}

/** The Monday of the Monday-to-Sunday week that holds the day. */
export function mondayOf(day: DayNumber): DayNumber {
  return day - (isoWeekday(day) - 1);
}

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** A session slot: two per day, AM then PM, so slots sort in register order. */
export type Slot = number;
export const slotOf = (day: DayNumber, session: Session): Slot => day * 2 + (session === 'PM' ? 1 : 0);
export const dayOfSlot = (slot: Slot): DayNumber => Math.floor(slot / 2);
export const sessionOfSlot = (slot: Slot): Session => (slot % 2 === 0 ? 'AM' : 'PM');

/** The academic year (1 September to 31 August) that holds a date, named by its first year. */
export function academicYearOf(day: DayNumber): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  return d.getUTCMonth() >= 8 ? y : y - 1;
}

export function academicYearStart(year: number): DayNumber {
  return Date.UTC(year, 8, 1) / MS_PER_DAY;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A date as a school writes it: "Mon 23 Nov" (a day number or YYYY-MM-DD). */
export function schoolDate(date: DayNumber | IsoDate): string {
  const day = typeof date === 'number' ? date : dayOf(date);
  const [, m, d] = isoOf(day).split('-');
  return `${WEEKDAY_NAMES[isoWeekday(day) - 1]!.slice(0, 3)} ${Number(d)} ${MONTHS[Number(m) - 1]}`;
}
