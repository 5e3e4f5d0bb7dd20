/**
 * The ladder format at the edge: a school's policy as JSON, checked with zod before the bot
 * uses it. The types are those of src/domain/ladder.ts; errors name the path of the field.
 */
import { z } from 'zod';
import { describeTrigger, isEnforcement, type Ladder, needsUnauthorisedAbsence } from '../domain/ladder.ts';

const percent = z.number().min(0).max(100).refine((n) => Math.round(n * 10) === n * 10, 'at most one decimal place');
const period = z.enum(['year-to-date', 'half-term']).optional();
const at = z.enum(['any-day', 'half-term-end']).optional();
const count = z.number().int().min(1);

export const triggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('attendance-below'), percent, period, at }).strict(),
  z.object({ kind: z.literal('attendance-at-most'), percent, period, at }).strict(),
  z.object({ kind: z.literal('attendance-dip'), points: z.number().gt(0).max(100), at }).strict(),
  z.object({ kind: z.literal('unauthorised-sessions'), atLeast: count, period }).strict(),
  z.object({ kind: z.literal('persistent-absence') }).strict(),
  z.object({ kind: z.literal('severe-absence') }).strict(),
  z.object({ kind: z.literal('broken-weeks'), atLeast: count }).strict(),
  z.object({ kind: z.literal('weekday-pattern'), minShare: z.number().gt(0).max(1), minSessions: count }).strict(),
  z.object({ kind: z.literal('days-without-contact'), atLeast: count }).strict(),
  z.object({ kind: z.literal('illness-days'), atLeast: count }).strict(),
  z.object({ kind: z.literal('penalty-threshold') }).strict(),
  z.object({ kind: z.literal('late-after-close'), atLeast: count, period }).strict(),
  z.object({ kind: z.literal('late-before-close'), atLeast: count, period }).strict(),
]);

const key = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');

export const stepSchema = z.object({
  key,
  kind: z.enum(['letter', 'call', 'meeting', 'support-plan', 'attendance-contract', 'notice-to-improve', 'penalty-notice-request', 'referral', 'home-visit', 'review']),
  title: z.string().min(1),
  actor: z.enum(['attendance-officer', 'form-tutor', 'head-of-year', 'dsl', 'senior-leader', 'headteacher', 'local-authority', 'ewo']),
  template: z.string().min(1).optional(),
  to: z.string().min(1).optional(),
  reviewAfterSchoolDays: count.optional(),
  improvementWeeks: z.number().int().min(3, 'a notice to improve gives 3 to 6 weeks').max(6, 'a notice to improve gives 3 to 6 weeks').optional(),
  onlyIf: z.literal('safeguarding-concern').optional(),
  enforcement: z.boolean().optional(),
}).strict().superRefine((s, ctx) => {
  if (s.kind === 'notice-to-improve' && s.improvementWeeks === undefined) {
    ctx.addIssue({ code: 'custom', path: ['improvementWeeks'], message: 'a notice to improve needs its improvement period (3 to 6 weeks)' });
  }
  if (s.kind === 'referral' && s.to === undefined) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'a referral says to whom' });
  }
});

export const rungSchema = z.object({
  key,
  title: z.string().min(1),
  policy: z.string().min(1).optional(),
  when: z.array(triggerSchema).min(1),
  requires: z.array(triggerSchema).min(1).optional(),
  steps: z.array(stepSchema).min(1),
}).strict().superRefine((r, ctx) => {
  // enforcement rests on unauthorised absence: a notice to improve must state the grounds for
  // a penalty notice, and the threshold counts unauthorised sessions
  const enforcement = r.steps.findIndex(isEnforcement);
  if (enforcement === -1) return;
  const everyWayIn = r.when.every(needsUnauthorisedAbsence) || (r.requires ?? []).some(needsUnauthorisedAbsence);
  if (!everyWayIn) {
    const loose = r.when.find((t) => !needsUnauthorisedAbsence(t))!;
    ctx.addIssue({
      code: 'custom', path: ['steps', enforcement],
      message: `"${r.steps[enforcement]!.title}" is enforcement, but the rung can be reached by "${describeTrigger(loose)}" with no unauthorised absence at all: add to the rung "requires": [{"kind": "unauthorised-sessions", "atLeast": N}] (or reach it only by the penalty threshold)`,
    });
  }
});

export const bandSchema = z.object({
  name: z.string().min(1),
  above: percent.optional(),
  atLeast: percent.optional(),
}).strict();

export const ladderSchema = z.object({
  key,
  name: z.string().min(1),
  source: z.string().optional(),
  bands: z.array(bandSchema).optional(),
  rungs: z.array(rungSchema).min(1),
  safeguardingFlags: z.array(z.object({ key, when: triggerSchema }).strict()).optional(),
  rearm: z.object({
    academicYear: z.boolean(),
    afterRecoveredSchoolDays: z.number().int().min(1).max(195).optional(),
    policy: z.string().optional(),
  }).strict().optional(),
}).strict().superRefine((l, ctx) => {
  const seen = new Map<string, string>();
  l.rungs.forEach((r, i) => r.steps.forEach((s, j) => {
    const where = `rungs[${i}].steps[${j}]`;
    if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: ['rungs', i, 'steps', j, 'key'], message: `step key "${s.key}" is used twice (also at ${seen.get(s.key)})` });
    seen.set(s.key, where);
  }));
}) satisfies z.ZodType<Ladder>;

export class LadderError extends Error {}

/** Parses a ladder, throwing a LadderError listing every problem by its path. */
export function parseLadder(input: unknown, where = 'ladder'): Ladder {
  const r = ladderSchema.safeParse(input);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${where}${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`);
  throw new LadderError(`${where} is not a valid ladder:\n${lines.join('\n')}`);
}
