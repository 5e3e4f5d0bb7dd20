/**
 * What every piece of casework from chat shares: the pupil must be one the member of staff
 * may see; the change goes into the pupil's open case in one transaction with its audit
 * entry (who, what, when, from where); a refusal changes nothing and is audited too.
 */
import { z } from 'zod';
import { canRecordCasework } from '../../../domain/access.ts';
import { displayName } from '../../../domain/names.ts';
import type { CaseEvent, CaseEventDraft, CaseEventKind } from '../../../domain/casework.ts';
import { type CaseworkDone, type StepDue, type StepKind, stepsFulfilled } from '../../../domain/ladder.ts';
import type { ChatContext } from '../../deps.ts';
import { evaluateOne } from '../../roll.ts';
import { type CaseTx, type PupilRecord, type SchoolContext, staffActor } from '../../ports.ts';

export { isoDate } from '../fields.ts';
export const pupilId = z.coerce.number().int().positive();

export type CaseworkResult =
  | { readonly ok: true; readonly summary: string; readonly amended: number }
  | { readonly ok: false; readonly refusal: string };

export const CASEWORK_REFUSAL = "You can't record casework for that pupil.";
export const ALREADY_RECORDED = 'Recorded already: this form was sent twice, and it counts once.';

/** Thrown inside a casework step to refuse it: the transaction rolls back, the refusal is audited. */
export class Refusal extends Error {}

export interface OnCase {
  readonly tx: CaseTx;
  readonly pupil: PupilRecord;
  readonly school: SchoolContext;
  /** Adds the event to the case history, on today's school day unless it names its own. */
  readonly add: (event: CaseEventDraft) => Promise<void>;
  /**
   * Records on the ladder the steps this casework fulfils (src/domain/ladder.ts
   * `stepsFulfilled`), done today by this person; returns what to add to the summary.
   */
  readonly fulfil: (done: CaseworkDone) => Promise<string>;
  /**
   * Records the named step of the ladder done today, when it is due now and of one of the kinds
   * (a call recorded as the ladder's call); refuses otherwise. Returns what to add to the summary.
   */
  readonly fulfilStep: (stepKey: string, kinds: readonly StepKind[]) => Promise<string>;
}

export async function onCase(
  ctx: ChatContext, kind: CaseEventKind, input: { readonly pupilId: number },
  work: (c: OnCase) => Promise<{ summary: string; amended?: number }>,
): Promise<CaseworkResult> {
  const actor = staffActor(ctx.staff);
  const refuse = async (refusal: string, pupilName?: string): Promise<CaseworkResult> => {
    await ctx.deps.audit.record({
      schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: `casework.${kind}.refused`, subjectType: 'Pupil', subjectId: String(input.pupilId),
      detail: { refusal, input, where: ctx.where ?? null, ...(pupilName ? { pupil: pupilName } : {}) },
    });
    return { ok: false, refusal };
  };
  const pupil = await ctx.deps.roll.pupil(ctx.staff.schoolId, input.pupilId);
  if (!pupil || !canRecordCasework(ctx.staff.grants, pupil)) return refuse(CASEWORK_REFUSAL);
  const school = await ctx.deps.schools.load(ctx.staff.schoolId);
  try {
    return await ctx.deps.cases.record(ctx.staff.schoolId, pupil.id, actor, async (store) => {
      // the steps this casework records go with its entry: undoing the entry undoes them
      const stepsRecorded: { stepKey: string; day: string }[] = [];
      const tx: CaseTx = { ...store, recordStep: async (r) => { await store.recordStep(r); stepsRecorded.push({ stepKey: r.stepKey, day: r.day }); } };
      // a submission sent twice (a retry after a lost answer) records once
      if (ctx.submissionKey && !(await tx.claimSubmission(ctx.submissionKey))) return { ok: true, summary: ALREADY_RECORDED, amended: 0 } as const;
      const record = async (steps: readonly StepDue[]) => {
        for (const s of steps) await tx.recordStep({ stepKey: s.step.key, rungKey: s.rung.key, state: 'done', day: ctx.asOf });
        return steps.length > 0 ? `; on the ladder: ${steps.map((s) => s.step.title).join(', ')} done` : '';
      };
      const fulfil = async (done: CaseworkDone) => record(stepsFulfilled((await evaluateOne(ctx.deps, school, ctx.asOf, pupil)).position, done));
      const fulfilStep = async (stepKey: string, kinds: readonly StepKind[]) => {
        const due = (await evaluateOne(ctx.deps, school, ctx.asOf, pupil)).position.due.find((d) => d.step.key === stepKey && kinds.includes(d.step.kind));
        if (!due) throw new Refusal("That step of the ladder is not due for this pupil now (it may be recorded already): nothing was recorded.");
        return record([due]);
      };
      const add = (e: CaseEventDraft) => tx.addAction({ ...e, day: e.day ?? ctx.asOf, ...(stepsRecorded.length > 0 ? { steps: [...stepsRecorded] } : {}) } as CaseEvent);
      const { summary, amended = 0 } = await work({ tx, pupil, school, add, fulfil, fulfilStep });
      await tx.audit({
        schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: `casework.${kind}`, subjectType: 'Pupil', subjectId: String(pupil.id),
        detail: { pupil: displayName(pupil), caseId: tx.caseId, summary, input, where: ctx.where ?? null },
      });
      return { ok: true, summary, amended } as const;
    });
  } catch (err) {
    if (err instanceof Refusal) return refuse(err.message, displayName(pupil));
    throw err;
  }
}
