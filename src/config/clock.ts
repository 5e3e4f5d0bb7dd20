/**
 * Wall-clock time, in the school's time zone (Europe/London unless it says otherwise), with
 * date-fns and @date-fns/tz. The engine never reads the clock: school days and weeks come
 * from the calendar; this turns "now" into a civil date and a time of day at the edges, and
 * register close times into instants, correctly across the clock changes.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { schoolDate } from '../domain/dates.ts';

export const LONDON = 'Europe/London';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The civil date (YYYY-MM-DD) at an instant in a time zone. */
export function civilDate(at: Date, timeZone = LONDON): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd');
}

/** The time of day (HH:mm) at an instant in a time zone. */
export function timeOfDay(at: Date, timeZone = LONDON): string {
  return format(new TZDate(at.getTime(), timeZone), 'HH:mm');
}

/** An instant as a school writes it, in its time zone: "Wed 26 Feb 09:06". */
export function schoolDateTime(at: Date, timeZone = LONDON): string {
  return `${schoolDate(civilDate(at, timeZone))} ${timeOfDay(at, timeZone)}`;
}

/** The instant of a civil date and time of day in a time zone (e.g. 09:15 on 30 March, BST). */
export function instantOf(date: string, hhmm: string, timeZone = LONDON): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, timeZone).getTime());
}
