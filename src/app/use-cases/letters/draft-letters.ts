/**
 * Draft a letter: one of the school's ladder letters, filled with the pupil's own figures as the
 * engine has them on the day, one draft per parent or carer the school writes to (parental
 * responsibility, or care of the child: separated parents get one each). A notice to improve is
 * filled with everything the law requires it to state.
 */
import { defaultTemplate } from '../../../config/letter-templates.ts';
import { codeInfo, isAttendanceCode } from '../../../domain/codes.ts';
import { dayOf, isoOf, mondayOf, schoolDate, SESSIONS, WEEKDAY_NAMES } from '../../../domain/dates.ts';
import { fillTemplate, type LetterDraft, type LetterField } from '../../../domain/letters.ts';
import { displayName } from '../../../domain/names.ts';
import { PENALTY_THRESHOLD_SESSIONS, PENALTY_WINDOW_WEEKS } from '../../../domain/penalty.ts';
import { absencePct, attendancePct, formatPct } from '../../../domain/statistics.ts';
import type { Cases, ContactRecord, Letters, PupilRecord, SchoolContext } from '../../ports.ts';
import { evaluateOne, type RollDeps } from '../../roll.ts';
import { plural } from '../../jobs/job.ts';

export class LetterError extends Error {}

/** The improvement period a drafted notice proposes, in school days (3 weeks; the form offers 3 to 6). */
export const DRAFT_NTI_SCHOOL_DAYS = 15;

export interface DraftedLetter extends LetterDraft {
  readonly template: string;
  readonly parent: Pick<ContactRecord, 'id' | 'name' | 'relationship'>;
  /** The figures as they were on the day (kept with the case when the letter is sent). */
  readonly values: Readonly<Partial<Record<LetterField, string>>>;
}

/** The parents or carers a school writes to about a pupil: parental responsibility, or care of the child. */
export const writesTo = (contacts: readonly ContactRecord[]): ContactRecord[] => contacts.filter((c) => c.parentalResponsibility || c.care);

/**
 * A letter's figures for a pupil on a day, as the engine has them, and the parents it goes to:
 * what a draft is filled with, and what the case keeps when the letter is marked sent.
 */
export async function letterValues(deps: RollDeps & { cases: Cases }, school: SchoolContext, pupil: PupilRecord, templateKey: string, asOfIso: string, letterhead: { readonly address: string | null; readonly signatory: string | null } = { address: null, signatory: null }): Promise<{ parents: ContactRecord[]; values: Partial<Record<LetterField, string>> }> {
  const file = await deps.cases.pupilFile(school.id, pupil.id, 20);
  const parents = writesTo(file.contacts);
  const { register, evaluation: e, position } = await evaluateOne(deps, school, asOfIso, pupil, Promise.resolve(file.facts));
  const asOf = dayOf(asOfIso);
  const s = e.stats;
  // the absent sessions of the last four weeks, a day at a time ("Mon 24 Feb I", "Tue 25 Feb AM O"), then what each code means
  const recent: string[] = [];
  const meanings = new Map<string, string>();
  for (let d = mondayOf(asOf) - 21; d <= asOf; d++) {
    const absent = SESSIONS.flatMap((session) => {
      const code = register.codeOn(d, session);
      if (code === undefined || !isAttendanceCode(code)) return [];
      const info = codeInfo(code);
      if (info.countsAs !== 'authorised' && info.countsAs !== 'unauthorised') return [];
      meanings.set(code, info.description.toLowerCase());
      return [{ session, code }];
    });
    if (absent.length === 2 && absent[0]!.code === absent[1]!.code) recent.push(`${schoolDate(d)} ${absent[0]!.code}`);
    else for (const a of absent) recent.push(`${schoolDate(d)} ${a.session} ${a.code}`);
  }
  const key = [...meanings].map(([code, meaning]) => `${code}: ${meaning}`).join('; ');
  const nextSchoolDay = school.calendar.schoolDayAfter(asOf, 1);
  const next = [...position.due.map((x) => x.step), ...position.upcoming.map((x) => x.step)].find((st) => st.template !== templateKey);
  const periodEnds = school.calendar.schoolDayAfter(asOf, DRAFT_NTI_SCHOOL_DAYS);
  const support = file.file?.entries.find((x) => x.kind === 'plan-started' || x.kind === 'notice-to-improve');
  const name = displayName(pupil);
  const common: Partial<Record<LetterField, string>> = {
    pupil: name, form: pupil.regGroup, year: String(pupil.yearGroup), date: `${schoolDate(asOf)} ${isoOf(asOf).slice(0, 4)}`, periodFrom: schoolDate(e.from),
    attendance: formatPct(attendancePct(s)), absence: formatPct(absencePct(s)),
    possibleSessions: String(s.possible), presentSessions: String(s.present), authorisedSessions: String(s.authorised), unauthorisedSessions: String(s.unauthorised),
    schoolDaysMissed: String((s.authorised + s.unauthorised) / 2),
    recentAbsences: recent.length > 0 ? `${recent.join(', ')} (${key})` : 'no absence',
    weekdayPattern: e.patternWeekdays.length > 0 ? `absence falls mostly on ${e.patternWeekdays.map((d) => `${WEEKDAY_NAMES[d - 1]}s`).join(' and ')}` : 'no pattern by weekday',
    rung: position.rung?.title ?? 'not yet on the ladder',
    nextStep: next ? next.title.charAt(0).toLowerCase() + next.title.slice(1) : 'a meeting with you to agree how we can help',
    meeting: nextSchoolDay !== undefined ? `${schoolDate(nextSchoolDay)} at 15:30` : 'a time to suit you',
    school: school.name, ...(letterhead.address ? { schoolAddress: letterhead.address } : {}), ...(letterhead.signatory ? { signatory: letterhead.signatory } : {}),
    record: `${name} has attended ${formatPct(attendancePct(s))} of sessions this year (${s.present} of ${s.possible}), with ${plural(s.unauthorised, 'session')} of unauthorised absence; ${plural(e.penalty.sessions, 'session')} counted towards a penalty notice in the last ${PENALTY_WINDOW_WEEKS} school weeks.`,
    supportOffered: support ? `${support.summary}${support.note ? `: ${support.note}` : ''} (${support.actorName}).` : 'A meeting with the attendance officer to agree a support plan, offered with this notice.',
    improvementNeeded: 'No unauthorised absence',
    improvementPeriod: String(DRAFT_NTI_SCHOOL_DAYS),
    periodEnds: periodEnds !== undefined ? schoolDate(periodEnds) : 'the end of term',
    penaltyGrounds: `If ${name} has unauthorised absence during the improvement period, the school may ask the local authority to issue a penalty notice to each parent (the National Framework threshold is ${PENALTY_THRESHOLD_SESSIONS} unauthorised sessions in ${PENALTY_WINDOW_WEEKS} school weeks): a first notice is £160, or £80 if paid within 21 days; a second within three years is £160; after that the local authority considers prosecution.`,
  };
  return { parents, values: common };
}

export async function draftLetters(deps: RollDeps & { cases: Cases; letters: Letters }, school: SchoolContext, pupil: PupilRecord, templateKey: string, asOfIso: string): Promise<DraftedLetter[]> {
  const settings = await deps.letters.settings(school.id);
  const template = settings.templates.find((t) => t.key === templateKey) ?? defaultTemplate(templateKey);
  if (!template) throw new LetterError(`no letter template "${templateKey}" for ${school.name} or its ladder`);
  if (!settings.address || !settings.signatory) throw new LetterError(`${school.name} has no ${!settings.address ? 'address' : 'signatory'} for its letters: \`letters template --school ${school.id} --set FILE\` with "address" and "signatory"`);
  const { parents, values: common } = await letterValues(deps, school, pupil, templateKey, asOfIso, settings);
  if (parents.length === 0) throw new LetterError(`${displayName(pupil)} has no parent or carer with parental responsibility or care on the roll: nobody to write to`);
  return parents.map((p) => {
    const values = { ...common, parent: p.name };
    return { template: template.key, parent: { id: p.id, name: p.name, relationship: p.relationship }, values, ...fillTemplate(template, values) };
  });
}
