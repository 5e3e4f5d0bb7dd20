/**
 * The ladder format at the edge: a school's policy as JSON, checked with zod before the bot
 * uses it. The types are those of src/domain/ladder.ts; errors name the path of the field.
 */
import { z } from 'zod';
import { ACTORS, gatedByThreshold, isEnforcement, type Ladder, STEP_KINDS, type StepKind, SUPPORT_KINDS } from '../domain/ladder.ts';

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
  z.object({ kind: z.literal('ended-last-year-below'), percent }).strict(),
  z.object({ kind: z.literal('late-arrivals'), atLeast: count, period }).strict(),
  z.object({ kind: z.literal('late-after-close'), atLeast: count, period }).strict(),
  z.object({ kind: z.literal('late-before-close'), atLeast: count, period }).strict(),
]);

const key = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');
const NTI_DAYS = 'a notice to improve gives 3 to 6 weeks: 15 to 30 school days';

export const stepSchema = z.object({
  key,
  kind: z.enum(STEP_KINDS),
  title: z.string().min(1),
  actor: z.enum(ACTORS),
  policy: z.string().min(1).optional(),
  template: z.string().min(1).optional(),
  to: z.string().min(1).optional(),
  after: z.array(key).min(1).optional(),
  waitSchoolDays: count.max(195).optional(),
  ifAttendance: z.enum(['further-absence', 'further-lateness', 'not-improved', 'deteriorated']).optional(),
  reviewAfterSchoolDays: count.max(195).optional(),
  improvementSchoolDays: z.number().int().min(15, NTI_DAYS).max(30, NTI_DAYS).optional(),
  onlyIf: z.enum(['safeguarding-concern', 'illness-absence']).optional(),
  repeat: z.union([z.literal('half-term'), z.object({ everySchoolDays: count.max(195) }).strict()]).optional(),
  enforcement: z.boolean().optional(),
}).strict().superRefine((s, ctx) => {
  if (s.kind === 'notice-to-improve' && s.improvementSchoolDays === undefined) {
    ctx.addIssue({ code: 'custom', path: ['improvementSchoolDays'], message: `a notice to improve needs its improvement period (${NTI_DAYS})` });
  }
  if (s.kind === 'referral' && s.to === undefined) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'a referral says to whom' });
  }
  if (s.after === undefined && s.waitSchoolDays !== undefined) ctx.addIssue({ code: 'custom', path: ['waitSchoolDays'], message: 'a wait counts from the steps before: say which ("after")' });
  if (s.after === undefined && s.ifAttendance !== undefined) ctx.addIssue({ code: 'custom', path: ['ifAttendance'], message: 'attendance is compared with the day of the step before: say which ("after")' });
});

export const rungSchema = z.object({
  key,
  title: z.string().min(1),
  policy: z.string().min(1).optional(),
  when: z.array(triggerSchema).min(1),
  requires: z.array(triggerSchema).min(1).optional(),
  steps: z.array(stepSchema).min(1),
}).strict().superRefine((r, ctx) => {
  // enforcement rests on the National Framework threshold: 10 sessions of unauthorised absence
  // in a rolling 10 school weeks, not a count over the year
  const enforcement = r.steps.findIndex(isEnforcement);
  if (enforcement === -1 || gatedByThreshold(r)) return;
  ctx.addIssue({
    code: 'custom', path: ['steps', enforcement],
    message: `"${r.steps[enforcement]!.title}" is enforcement, but the rung can be reached without the National Framework threshold (10 sessions of unauthorised absence in 10 school weeks): add to the rung "requires": [{"kind": "penalty-threshold"}] (or reach it only by the threshold)`,
  });
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
  settings: z.array(z.object({ name: z.string().min(1), value: z.number(), why: z.string().min(1) }).strict()).optional(),
}).strict().superRefine((l, ctx) => {
  const seen = new Map<string, { where: string; kind: string; after: readonly string[] }>();
  const hasNti = l.rungs.some((r) => r.steps.some((s) => s.kind === 'notice-to-improve'));
  l.rungs.forEach((r, i) => r.steps.forEach((s, j) => {
    const where = `rungs[${i}].steps[${j}]`;
    if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: ['rungs', i, 'steps', j, 'key'], message: `step key "${s.key}" is used twice (also at ${seen.get(s.key)!.where})` });
    (s.after ?? []).forEach((a, k) => {
      if (!seen.has(a)) ctx.addIssue({ code: 'custom', path: ['rungs', i, 'steps', j, 'after', k], message: `"${a}" is not a step before this one: a step comes after steps earlier in the ladder` });
    });
    // everything this step comes after, step by step back
    const before = new Set<string>();
    const stack = [...(s.after ?? [])];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (before.has(k) || !seen.has(k)) continue;
      before.add(k);
      stack.push(...seen.get(k)!.after);
    }
    const kinds = new Set([...before].map((k) => seen.get(k)!.kind));
    if (isEnforcement(s)) {
      if (![...kinds].some((k) => SUPPORT_KINDS.has(k as StepKind))) {
        ctx.addIssue({ code: 'custom', path: ['rungs', i, 'steps', j, 'after'], message: `"${s.title}" is enforcement: the National Framework expects support first, so it comes after a support step (a meeting, a plan or contract, a referral or a home visit; recorded as not needed where support is not appropriate)` });
      }
      if (s.kind === 'penalty-notice-request' && hasNti && !kinds.has('notice-to-improve')) {
        ctx.addIssue({ code: 'custom', path: ['rungs', i, 'steps', j, 'after'], message: `"${s.title}" is a penalty notice request on a ladder that uses a notice to improve: it comes after the notice to improve` });
      }
    }
    seen.set(s.key, { where, kind: s.kind, after: s.after ?? [] });
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
