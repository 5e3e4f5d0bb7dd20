/** The benchmark's synthetic school: 2,000 pupils over a 190-day year (760,000 marks). */
import { SchoolCalendar } from '../src/domain/calendar.ts';
import { ATTENDANCE_CODES } from '../src/domain/codes.ts';
import { dayOfSlot, isoOf } from '../src/domain/dates.ts';
import { englishTermDates } from '../src/domain/term-dates.ts';
import { generateMarks, syntheticPupils } from '../src/demo/synthetic.ts';

export const BENCH_PUPILS = 2000;
export const BENCH_YEAR = 2024;
export const benchCalendar = () => new SchoolCalendar(englishTermDates(BENCH_YEAR));
export const BENCH_AS_OF = '2025-07-21';

export interface SchoolYear {
  readonly calendar: SchoolCalendar;
  readonly pupils: { upn: string; slots: number[]; codes: number[] }[];
}

export function schoolYear(pupilCount = BENCH_PUPILS): SchoolYear {
  const calendar = benchCalendar();
  const first = calendar.schoolDays[0]!;
  const last = calendar.schoolDays.at(-1)!;
  const pupils = syntheticPupils({ pupils: pupilCount, seed: 7 }).map((p, i) => {
    const slots: number[] = [];
    const codes: number[] = [];
    generateMarks(p, calendar, first, last, 1000 + i, (s, c) => { slots.push(s); codes.push(c); });
    return { upn: p.upn, slots, codes };
  });
  return { calendar, pupils };
}

/** The year as an evaluate-contract CSV. */
export function toCsv(year: SchoolYear): string {
  const parts: string[] = ['upn,date,session,mark\n'];
  const dateCache = new Map<number, string>();
  for (const p of year.pupils) {
    let chunk = '';
    for (let i = 0; i < p.slots.length; i++) {
      const slot = p.slots[i]!;
      const day = dayOfSlot(slot);
      let date = dateCache.get(day);
      if (!date) { date = isoOf(day); dateCache.set(day, date); }
      chunk += `${p.upn},${date},${slot % 2 ? 'PM' : 'AM'},${ATTENDANCE_CODES[p.codes[i]!]}\n`;
    }
    parts.push(chunk);
  }
  return parts.join('');
}
