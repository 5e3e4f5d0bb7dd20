/**
 * Letters as data: a template is plain text with named fields (`{{attendance}}`), written once
 * per letter of a school's ladder; a draft is the template filled with one pupil's figures for
 * one parent, on one day. The fields are a fixed catalogue: a template naming a field that is
 * not in it, or leaving out one its kind must carry, is refused when it is loaded, by name. A
 * notice to improve must, by law, state the pupil's record, the support offered, the improvement
 * needed (with its period) and the grounds on which a penalty notice may follow.
 */

export const LETTER_FIELDS = {
  parent: 'the parent or carer the letter is to (name)',
  pupil: "the pupil's name",
  form: "the pupil's registration group",
  year: "the pupil's year group",
  date: 'the date of the letter (as a school writes it)',
  periodFrom: 'the first school day the figures count from',
  attendance: 'attendance this year to date, one decimal (e.g. 91.3%)',
  absence: 'absence this year to date (e.g. 8.7%)',
  possibleSessions: 'sessions the pupil could have attended',
  presentSessions: 'sessions attended',
  authorisedSessions: 'authorised absent sessions',
  unauthorisedSessions: 'unauthorised absent sessions',
  schoolDaysMissed: 'absent sessions as school days (sessions / 2)',
  recentAbsences: 'the absent sessions of the last four weeks, dated, with their codes',
  weekdayPattern: 'the weekdays absence falls on, where there is a pattern (or "no pattern")',
  rung: 'where the pupil is on the school\'s ladder',
  nextStep: 'what comes next on the ladder',
  meeting: 'a proposed meeting: the next school day, 15:30',
  school: "the school's name",
  schoolAddress: "the school's address (from the school's letters settings)",
  signatory: 'who signs the letter (from the school\'s letters settings)',
  record: 'a notice to improve: the attendance record, in words',
  supportOffered: 'a notice to improve: the support offered (from the case)',
  improvementNeeded: 'a notice to improve: the improvement needed',
  improvementPeriod: 'a notice to improve: the improvement period in school days',
  periodEnds: 'a notice to improve: the last school day of the period',
  penaltyGrounds: 'a notice to improve: the grounds on which a penalty notice may follow',
} as const;
export type LetterField = keyof typeof LETTER_FIELDS;
export const isLetterField = (s: string): s is LetterField => Object.prototype.hasOwnProperty.call(LETTER_FIELDS, s);

/** A letter, or a notice to improve (which must state what the law requires). */
export type LetterKind = 'letter' | 'notice-to-improve';

/** What every letter must say, and what a notice to improve must say besides. */
export const REQUIRED_FIELDS: Readonly<Record<LetterKind, readonly LetterField[]>> = {
  letter: ['parent', 'pupil', 'attendance', 'school', 'signatory'],
  'notice-to-improve': ['parent', 'pupil', 'attendance', 'school', 'signatory', 'record', 'supportOffered', 'improvementNeeded', 'improvementPeriod', 'periodEnds', 'penaltyGrounds'],
};

export interface LetterTemplate {
  readonly key: string;
  readonly kind: LetterKind;
  readonly title: string;
  /** Paragraphs separated by a blank line; `{{field}}` where a figure goes. */
  readonly body: string;
}

export class TemplateError extends Error {}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The fields a text names, in order of first use. */
export function fieldsOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** A template as loaded: refused, naming them, for a field not in the catalogue or one its kind requires and it leaves out. */
export function checkTemplate(t: LetterTemplate): LetterTemplate {
  const named = fieldsOf(`${t.title}\n${t.body}`);
  const unknown = named.filter((f) => !isLetterField(f));
  const missing = REQUIRED_FIELDS[t.kind].filter((f) => !named.includes(f));
  const problems = [
    ...unknown.map((f) => `{{${f}}} is not a field (the fields: ${Object.keys(LETTER_FIELDS).join(', ')})`),
    ...missing.map((f) => `{{${f}}} is missing: a ${t.kind === 'letter' ? 'letter' : 'notice to improve'} must state ${LETTER_FIELDS[f]}`),
  ];
  if (/\{\{(?![^}]*\}\})/.test(t.body)) problems.push('a "{{" is not closed');
  if (problems.length > 0) throw new TemplateError(`template ${t.key}: ${problems.join('; ')}`);
  return t;
}

export interface LetterDraft {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

/** The template filled: every field replaced by its value (a value missing is an error: the figures are never left blank). */
export function fillTemplate(t: LetterTemplate, values: Readonly<Partial<Record<LetterField, string>>>): LetterDraft {
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => {
    const v = isLetterField(name) ? values[name] : undefined;
    if (v === undefined) throw new TemplateError(`template ${t.key}: no value for {{${name}}}`);
    return v;
  });
  return { title: fill(t.title), paragraphs: t.body.split(/\n\s*\n/).map((p) => fill(p.trim().replace(/\s*\n\s*/g, ' '))).filter((p) => p !== '') };
}

/** A name's letters and digits, lower case, joined by hyphens: safe in a file name everywhere. */
const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);

/** A draft's file name before its extension: the pupil as the school writes them (a UPN), the letter, the parent ("A123-letter-1-jo-smith"). */
export const draftFileBase = (pupil: string, template: string, parent: string): string =>
  [pupil.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40), slug(template), slug(parent)].filter(Boolean).join('-');
