/**
 * A synthetic school whose absence looks like the national figures (DfE 2023/24: overall
 * absence about 7%, authorised about two thirds of it; persistent absence about 20% of
 * pupils; severe absence about 2%). Deterministic for a given seed, so the demo and the
 * benchmark are the same every time.
 */
import type { SchoolCalendar } from '../domain/calendar.ts';
import { type AttendanceCode, CODE_INDEX } from '../domain/codes.ts';
import { type DayNumber, isoWeekday } from '../domain/dates.ts';

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type AbsenceProfile = 'regular' | 'persistent' | 'severe' | 'truant' | 'monday-friday';

export interface SyntheticPupil {
  readonly upn: string;
  readonly profile: AbsenceProfile;
  /** Chance of missing a given day. */
  readonly dailyAbsence: number;
}

export interface SyntheticOptions {
  readonly pupils: number;
  readonly seed?: number;
  readonly upnPrefix?: string;
}

/** Pupils with absence profiles in national proportions. */
export function syntheticPupils(options: SyntheticOptions): SyntheticPupil[] {
  const rnd = prng(options.seed ?? 2024);
  const prefix = options.upnPrefix ?? 'P';
  const width = String(options.pupils).length + 1;
  const out: SyntheticPupil[] = [];
  for (let i = 0; i < options.pupils; i++) {
    const r = rnd();
    let profile: AbsenceProfile;
    let daily: number;
    if (r < 0.02) { profile = 'severe'; daily = 0.5 + rnd() * 0.35; }
    else if (r < 0.06) { profile = 'truant'; daily = 0.1 + rnd() * 0.1; }
    else if (r < 0.09) { profile = 'monday-friday'; daily = 0.08 + rnd() * 0.08; }
    else if (r < 0.19) { profile = 'persistent'; daily = 0.1 + rnd() * 0.12; }
    else { profile = 'regular'; daily = rnd() * rnd() * 0.1; }
    out.push({ upn: `${prefix}${String(i + 1).padStart(width, '0')}`, profile, dailyAbsence: daily });
  }
  return out;
}

const idx = (c: AttendanceCode) => CODE_INDEX.get(c)!;
const PRESENT_AM = idx('/');
const PRESENT_PM = idx('\\');
const LATE = idx('L');
const LATE_AFTER_CLOSE = idx('U');
const AUTHORISED = [idx('I'), idx('I'), idx('I'), idx('I'), idx('M'), idx('C'), idx('R')];
const UNAUTHORISED = [idx('O'), idx('O'), idx('G'), idx('N')];
const NOT_YET = idx('N');
const OTHER_SCHOOL_DAY = [idx('V'), idx('B'), idx('P')];

/**
 * Calls `emit(slot, codeIndex)` for each session of each school day in [from, to] for one
 * pupil. Absences come in spells (illness lasts a few days), truants and Monday-Friday
 * pupils miss unauthorised, and `N` appears only in the last few school days (older ones
 * have been resolved, as the rules require).
 */
export function generateMarks(
  pupil: SyntheticPupil,
  calendar: SchoolCalendar,
  from: DayNumber,
  to: DayNumber,
  seed: number,
  emit: (slot: number, code: number) => void,
): void {
  const rnd = prng(seed);
  let spell = 0;
  let spellCode = 0;
  const recent = calendar.schoolDays.filter((d) => d <= to).slice(-3)[0] ?? to;
  for (const day of calendar.schoolDays) {
    if (day < from) continue;
    if (day > to) break;
    const wd = isoWeekday(day);
    let am: number;
    let pm: number;
    if (spell > 0) {
      spell--;
      am = pm = spellCode;
    } else {
      let p = pupil.dailyAbsence;
      if (pupil.profile === 'monday-friday') p = wd === 1 || wd === 5 ? p * 3.5 : p * 0.4;
      if (rnd() < p) {
        const unauthorisedShare = pupil.profile === 'truant' ? 0.8 : pupil.profile === 'monday-friday' ? 0.6 : pupil.profile === 'regular' ? 0.25 : 0.4;
        const list = rnd() < unauthorisedShare ? UNAUTHORISED : AUTHORISED;
        spellCode = list[Math.floor(rnd() * list.length)]!;
        if (spellCode === NOT_YET && day < recent) spellCode = idx('O');
        am = pm = spellCode;
        if (spellCode === AUTHORISED[0] && rnd() < 0.5) spell = Math.floor(rnd() * 3);
        else if (rnd() < 0.15) pm = PRESENT_PM; // half day
      } else {
        const late = rnd();
        am = late < 0.03 ? LATE : late < 0.035 ? LATE_AFTER_CLOSE : PRESENT_AM;
        pm = PRESENT_PM;
        if (rnd() < 0.01) am = pm = OTHER_SCHOOL_DAY[Math.floor(rnd() * OTHER_SCHOOL_DAY.length)]!;
      }
    }
    if (calendar.isOpen(day, 'AM')) emit(day * 2, am);
    if (calendar.isOpen(day, 'PM')) emit(day * 2 + 1, pm);
  }
}
