/**
 * What is wrong with a form or a button's payload, in words a person understands: each field by
 * what it is on the form ("the step", not `stepKey`), and zod's own messages ("Invalid input:
 * expected string, received undefined") said plainly. Our own messages ("say what was agreed")
 * are kept as written.
 */
import type { z } from 'zod';

const FIELD: Readonly<Record<string, string>> = {
  pupilId: 'the pupil', stepKey: 'the step', title: 'the letter', outcome: 'the outcome', reason: 'the reason', note: 'the note',
  date: 'the date', time: 'the time', attendees: 'who it is with', result: 'what happened', meetingId: 'the meeting',
  contactId: 'the contact', plan: 'the plan', reviewOn: 'the review date', actionId: 'the entry', noticeId: 'the notice',
  status: 'what happened', day: 'the day', schoolDays: 'the improvement period', support: 'the support offered',
  improvement: 'the improvement needed', done: 'what was done', flagId: 'the flag', state: 'what happened', q: 'the question',
};

const ZOD_OWN = /^(Invalid|Too (small|big)|Required|Expected|Unrecognized)/;

function inWords(i: z.core.$ZodIssue, input: unknown): string {
  const key = i.path.map(String).join('.');
  const field = FIELD[key] ?? (key || 'the form');
  if (!ZOD_OWN.test(i.message)) return `${field}: ${i.message}`;
  const given = i.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
  if (given === undefined || given === null || given === '') return `${field} is missing`;
  switch (i.code) {
    case 'invalid_type': return `${field} is missing`;
    case 'invalid_value': return `${field} is not one of the choices`;
    case 'too_small': return `${field} is empty or too small`;
    case 'too_big': return `${field} is too long`;
    default: return `${field} is not valid`;
  }
}

/** `input`: what was parsed, so that a field left empty is said to be missing. */
export function problemsInWords(error: z.ZodError, input: unknown): string {
  const text = [...new Set(error.issues.map((i) => inWords(i, input)))].join('; ');
  return `The form is not complete: ${text}.`;
}
