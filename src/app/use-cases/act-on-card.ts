/**
 * Act on a card: what a button or a form submission does, the same for Slack and Teams. The
 * adapters translate their payloads into (action, data, values) and the answer back into
 * their own messages. A typed ActionRef names the use case; its command (zod) checks the
 * input whatever the platform; everything is checked against the staff member's scope.
 */
import { CAPS } from '../../../cards/limits.ts';
import type { z } from 'zod';
import { z as zod } from 'zod';
import { callForm, declinePenaltyForm, letterForm, messageCard, meetingForm, meetingOutcomeForm, noticeToImproveForm, penaltyDecisionForm, penaltyForm, planForm, pupilCard, resultCard, reviewForm, stepForm, undoForm } from '../../../cards/attendance.ts';
import { type ActionId, type ActionRef, type Card, type CaseworkFormId, type Form, parseActionRef } from '../../../cards/model.ts';
import { canAmendRegister, canSeePupil } from '../../domain/access.ts';
import { dayOf, isoOf } from '../../domain/dates.ts';
import { nextNoticesByParent } from '../../domain/penalty.ts';
import { displayName } from '../../domain/names.ts';
import { type ChatContext, inSchool } from '../deps.ts';
import { evaluateOne } from '../roll.ts';
import { staffActor } from '../ports.ts';
import { acknowledgeFlag, acknowledgeFlagCommand, openAcknowledgement } from './acknowledge-flag.ts';
import { ask, NOT_FOUND } from './ask.ts';
import { bookMeeting, bookMeetingCommand } from './casework/book-meeting.ts';
import { declinePenalty, declinePenaltyCommand } from './casework/decline-penalty.ts';
import { logCall, logCallCommand } from './casework/log-call.ts';
import { markLetterSent, markLetterSentCommand } from './casework/mark-letter-sent.ts';
import { draftLetter, draftLetterCommand, type DraftsAnswer, draftListCommand, draftListLetters, type HandedDrafts, listDraftsData, openLettersSent } from './letters/hand-drafts.ts';
import { parseListDrafts } from '../../../cards/draft-ids.ts';
import { undoableEntries, undoEntry, undoEntryCommand } from './casework/undo-entry.ts';
import { problemsInWords } from './problems-in-words.ts';
import { noticeToImprove, noticeToImproveCommand } from './casework/notice-to-improve.ts';
import { CASEWORK_REFUSAL, type CaseworkResult } from './casework/on-case.ts';
import { recordMeetingOutcome, recordMeetingOutcomeCommand } from './casework/record-meeting-outcome.ts';
import { schoolDateTime } from '../../config/clock.ts';
import { requestPenaltyNotice, requestPenaltyNoticeCommand } from './casework/request-penalty-notice.ts';
import { recordReview, recordReviewCommand } from './casework/record-review.ts';
import { recordPenaltyDecision, recordPenaltyDecisionCommand } from './casework/record-penalty-decision.ts';
import { recordStep, recordStepCommand } from './casework/record-step.ts';
import { startPlan, startPlanCommand } from './casework/start-plan.ts';
import { confirmMisCorrected } from './mis-not-updated.ts';
import { noticeViews, viewPupil } from './view-pupil.ts';

export type ChatAnswer =
  | { readonly kind: 'card'; readonly card: Card }
  | { readonly kind: 'form'; readonly form: Form }
  /** Drafts for the person who asked alone: the platform hands the files over its own way, then shows the card. */
  | { readonly kind: 'letters'; readonly drafts: HandedDrafts };

/** A payload that does not carry what its action needs: the adapters say so to the person, privately. */
export class BadActionError extends Error {}

interface Casework<S extends z.ZodType> {
  readonly command: S;
  readonly handle: (ctx: ChatContext, cmd: z.infer<S>) => Promise<CaseworkResult>;
  /** What it records shows on the day's shared lists (a call: who called, when, the outcome). */
  readonly showsOnSharedLists?: boolean;
}
const casework = <S extends z.ZodType>(command: S, handle: (ctx: ChatContext, cmd: z.infer<S>) => Promise<CaseworkResult>, showsOnSharedLists = false): Casework<S> =>
  ({ command, handle, showsOnSharedLists });

/** What each form records. */
const FORMS: Record<CaseworkFormId, Casework<z.ZodType>> = {
  'step-recorded': casework(recordStepCommand, recordStep),
  'review-held': casework(recordReviewCommand, recordReview),
  'penalty-requested': casework(requestPenaltyNoticeCommand, requestPenaltyNotice),
  'penalty-decision': casework(recordPenaltyDecisionCommand, recordPenaltyDecision),
  call: casework(logCallCommand, logCall, true),
  'meeting-booked': casework(bookMeetingCommand, bookMeeting),
  'meeting-outcome': casework(recordMeetingOutcomeCommand, recordMeetingOutcome),
  'letter-sent': casework(markLetterSentCommand, markLetterSent),
  'entry-undone': casework(undoEntryCommand, undoEntry, true),
  'plan-started': casework(startPlanCommand, startPlan),
  'notice-to-improve': casework(noticeToImproveCommand, noticeToImprove),
  'penalty-declined': casework(declinePenaltyCommand, declinePenalty),
};

const pupilData = zod.object({ pupilId: zod.coerce.number().int().positive() }).passthrough();

/** The action as a string (`open-call`, `submit:call`), as the platforms carry it. */
export async function handleAction(ctx: ChatContext, action: string, data: Record<string, unknown>, values: Record<string, unknown> = {}): Promise<ChatAnswer> {
  const ref = parseActionRef(action);
  if (!ref) throw new BadActionError(`unknown action "${action.slice(0, 60)}"`);
  return actOnCard(ctx, ref, data, values);
}

export async function actOnCard(asked: ChatContext, ref: ActionRef, data: Record<string, unknown>, values: Record<string, unknown> = {}): Promise<ChatAnswer> {
  const ctx = await inSchoolOfSubject(asked, data);
  const form = ref.kind === 'submit' ? ref.form : undefined;
  if (form === 'flag-acknowledged') {
    const raw = { ...data, ...normaliseValues(values) };
    const cmd = acknowledgeFlagCommand.safeParse(raw);
    if (!cmd.success) throw new BadActionError(problemsInWords(cmd.error, raw));
    const card = await acknowledgeFlag(ctx, cmd.data);
    await ctx.deps.sharedPosts?.refreshFlag(ctx.staff.schoolId, cmd.data.flagId);
    return { kind: 'card', card };
  }
  if (form === 'letters-sent') return { kind: 'card', card: await recordLettersSent(ctx, data, values) };
  if (form) return record(ctx, FORMS[form], data, values);
  if (ref.kind !== 'button') throw new BadActionError('unknown form');
  switch (ref.id) {
    case 'query': {
      const q = zod.object({ q: zod.string().min(1).max(200) }).safeParse(data);
      if (!q.success) throw new BadActionError('query: no query text');
      return { kind: 'card', card: resultCard(await ask(ctx, q.data.q)) };
    }
    case 'ack-flag': {
      const flag = zod.object({ flagId: zod.coerce.number().int().positive() }).safeParse(data);
      if (!flag.success) throw new BadActionError('ack-flag: no flag');
      const answer = await openAcknowledgement(ctx, flag.data.flagId);
      return 'inputs' in answer ? { kind: 'form', form: answer } : { kind: 'card', card: answer };
    }
    case 'draft-letter': {
      const cmd = draftLetterCommand.safeParse(data);
      if (!cmd.success) throw new BadActionError('draft-letter: no pupil or letter');
      return lettersAnswer(await draftLetter(ctx, cmd.data));
    }
    case 'draft-letters': {
      const cmd = draftListCommand.safeParse(data);
      if (!cmd.success) throw new BadActionError('draft-letters: no letter');
      return lettersAnswer(await draftListLetters(ctx, cmd.data));
    }
    case 'open-letters-sent': {
      const list = listDraftsData.safeParse(data);
      if (!list.success) throw new BadActionError('open-letters-sent: no drafts');
      return { kind: 'form', form: await openLettersSent(ctx, list.data) };
    }
    case 'mis-corrected': {
      const id = zod.object({ misUpdateId: zod.coerce.number().int().positive() }).safeParse(data);
      if (!id.success) throw new BadActionError('mis-corrected: no mark');
      return { kind: 'card', card: resultCard(await confirmMisCorrected(ctx, id.data.misUpdateId)) };
    }
    default:
      return openForm(ctx, ref.id, data);
  }
}

const subjectData = zod.object({ pupilId: zod.coerce.number().int().positive().optional(), flagId: zod.coerce.number().int().positive().optional() });

/**
 * A person with roles in several schools acts as their member of staff in the school the pupil or
 * flag belongs to; when none of theirs holds it, as they are (and the use case refuses).
 */
async function inSchoolOfSubject(ctx: ChatContext, data: Record<string, unknown>): Promise<ChatContext> {
  if (ctx.memberships.length < 2) return ctx;
  const subject = subjectData.safeParse(data);
  if (!subject.success) return ctx;
  const { pupilId, flagId } = subject.data;
  for (const m of ctx.memberships) {
    const holds = pupilId !== undefined ? await ctx.deps.roll.pupil(m.schoolId, pupilId)
      : flagId !== undefined ? await ctx.deps.flags.get(m.schoolId, flagId) : undefined;
    if (holds) return (await inSchool(ctx, m.schoolId))!;
  }
  return ctx;
}

async function openForm(ctx: ChatContext, id: ActionId, data: Record<string, unknown>): Promise<ChatAnswer> {
  const parsed = pupilData.safeParse(data);
  if (!parsed.success) throw new BadActionError(`${id}: no pupil`);
  const pupilId = parsed.data.pupilId;
  const pupil = await ctx.deps.roll.pupil(ctx.staff.schoolId, pupilId);
  if (!pupil || !canSeePupil(ctx.staff.grants, pupil)) {
    // a refused press is audited like a refused submission: who, which button, which pupil id, from where
    await ctx.deps.audit.record({
      schoolId: ctx.staff.schoolId, actor: staffActor(ctx.staff), source: ctx.source, action: `press.${id}.refused`,
      subjectType: 'Pupil', subjectId: String(pupilId), detail: { refusal: CASEWORK_REFUSAL, where: ctx.where ?? null },
    });
    return { kind: 'card', card: resultCard({ kind: 'refusal', text: CASEWORK_REFUSAL }) };
  }
  const name = displayName(pupil);
  switch (id) {
    case 'open-call': {
      const school = await ctx.deps.schools.load(ctx.staff.schoolId);
      const [contacts, { position }] = await Promise.all([ctx.deps.roll.contacts(school.id, pupilId), evaluateOne(ctx.deps, school, ctx.asOf, pupil)]);
      const callSteps = position.due.filter((d) => d.step.kind === 'call').map((d) => ({ key: d.step.key, title: d.step.title }));
      return { kind: 'form', form: callForm(pupilId, name, canAmendRegister(ctx.staff.grants), contacts, callSteps) };
    }
    case 'open-meeting': return { kind: 'form', form: meetingForm(pupilId, name, ctx.asOf) };
    case 'open-plan': {
      // the review date the ladder's plan or contract step names (One In A Million: 3 weeks), else 3 weeks of school days
      const school = await ctx.deps.schools.load(ctx.staff.schoolId);
      const { position } = await evaluateOne(ctx.deps, school, ctx.asOf, pupil);
      const step = position.due.find((d) => d.step.kind === 'support-plan' || d.step.kind === 'attendance-contract')?.step;
      const review = school.calendar.schoolDayAfter(dayOf(ctx.asOf), step?.reviewAfterSchoolDays ?? 15) ?? dayOf(ctx.asOf) + 21;
      return { kind: 'form', form: planForm(pupilId, name, isoOf(review)) };
    }
    case 'open-outcome': {
      const meetingId = zod.coerce.number().int().positive().safeParse(data.meetingId);
      if (!meetingId.success) throw new BadActionError('open-outcome: no meeting');
      const { file } = await ctx.deps.cases.pupilFile(ctx.staff.schoolId, pupilId, 0);
      const meeting = file?.meetingsToRecord.find((m) => m.id === meetingId.data);
      if (!meeting) return { kind: 'card', card: resultCard({ kind: 'refusal', text: 'That meeting is recorded already, or is not on this pupil\'s case.' }) };
      const tz = (await ctx.deps.schools.load(ctx.staff.schoolId)).timezone;
      return { kind: 'form', form: meetingOutcomeForm(pupilId, { id: meeting.id, attendees: meeting.attendees, when: schoolDateTime(meeting.scheduledAt, tz) }, name) };
    }
    case 'open-nti': {
      const school = await ctx.deps.schools.load(ctx.staff.schoolId);
      const { position } = await evaluateOne(ctx.deps, school, ctx.asOf, pupil);
      const step = position.due.find((d) => d.step.kind === 'notice-to-improve')?.step;
      return { kind: 'form', form: noticeToImproveForm(pupilId, name, step?.improvementSchoolDays) };
    }
    case 'open-decline': return { kind: 'form', form: declinePenaltyForm(pupilId, name) };
    case 'penalty-request': {
      const school = await ctx.deps.schools.load(ctx.staff.schoolId);
      const [contacts, facts] = await Promise.all([ctx.deps.roll.contacts(school.id, pupilId), ctx.deps.cases.facts(school.id, [pupilId])]);
      const parents = nextNoticesByParent(contacts, facts.get(pupilId)?.notices ?? [], dayOf(ctx.asOf));
      const open = parents.filter((p) => p.next.allowed).map((p) => ({ id: p.contact.id, label: `${p.contact.name} (${p.contact.relationship}): ${p.next.short}` }));
      const barred = parents.filter((p) => !p.next.allowed).map((p) => `${p.contact.name}: ${p.next.short}`);
      if (open.length === 0) {
        return { kind: 'card', card: resultCard({ kind: 'refusal', text: parents.length === 0 ? `${name} has no parent with parental responsibility on the roll: a notice names the parent it goes to (import the contacts).` : `No notice is possible now: ${barred.join('; ')}.` }) };
      }
      return { kind: 'form', form: penaltyForm(pupilId, name, open, barred) };
    }
    case 'open-step': {
      const school = await ctx.deps.schools.load(ctx.staff.schoolId);
      const { position } = await evaluateOne(ctx.deps, school, ctx.asOf, pupil);
      // the steps not yet recorded on the rungs reached, and the steps they wait for (which may be
      // on a rung not reached: support recorded as not needed before enforcement, say)
      const keys = new Set<string>();
      for (const st of position.steps) {
        if (st.record) continue;
        for (const k of st.waitingFor ?? []) keys.add(k);
        keys.add(st.step.key);
      }
      const open = school.ladder.rungs.flatMap((r) => r.steps.filter((st) => keys.has(st.key)).map((st) => ({ key: st.key, title: st.title, rungTitle: r.title })));
      if (open.length === 0) return { kind: 'card', card: resultCard({ kind: 'refusal', text: `Every step ${name} has reached on the ladder is recorded.` }) };
      return { kind: 'form', form: stepForm(pupilId, name, open, ctx.asOf) };
    }
    case 'open-penalty-decision': {
      const [contacts, facts] = await Promise.all([ctx.deps.roll.contacts(ctx.staff.schoolId, pupilId), ctx.deps.cases.facts(ctx.staff.schoolId, [pupilId])]);
      const open = noticeViews(facts.get(pupilId)?.notices ?? [], contacts).filter((n) => n.next.length > 0);
      if (open.length === 0) return { kind: 'card', card: resultCard({ kind: 'refusal', text: `${name} has no penalty notice waiting for a decision or a payment.` }) };
      return { kind: 'form', form: penaltyDecisionForm(pupilId, name, open, ctx.asOf) };
    }
    case 'letter-sent': {
      const letter = markLetterSentCommand.pick({ stepKey: true, title: true, drafts: true }).safeParse(data);
      if (!letter.success) throw new BadActionError('letter-sent: no letter');
      return { kind: 'form', form: letterForm(pupilId, name, letter.data, ctx.asOf) };
    }
    case 'open-undo': {
      const school = await ctx.deps.schools.load(ctx.staff.schoolId);
      const { file } = await ctx.deps.cases.pupilFile(school.id, pupilId, CAPS.caseEntries);
      const entries = undoableEntries(file?.entries ?? [], ctx.staff, school.timezone, ctx.asOf);
      if (entries.length === 0) return { kind: 'card', card: resultCard({ kind: 'refusal', text: `Nothing on ${name}'s case can be undone by you now: an entry can be undone on the day it was recorded, by the person who recorded it or a senior leader.` }) };
      return { kind: 'form', form: undoForm(pupilId, name, entries) };
    }
    case 'open-review': {
      const actionId = zod.coerce.number().int().positive().safeParse(data.actionId);
      if (!actionId.success) throw new BadActionError('open-review: no review');
      const school = await ctx.deps.schools.load(ctx.staff.schoolId);
      const review = (await ctx.deps.cases.facts(school.id, [pupilId])).get(pupilId)?.reviews.find((r) => r.actionId === actionId.data);
      if (!review) return { kind: 'card', card: resultCard({ kind: 'refusal', text: 'That review has been recorded already.' }) };
      return { kind: 'form', form: reviewForm(pupilId, name, review.actionId, review.title) };
    }
    default: return { kind: 'card', card: await refreshedPupilCard(ctx, pupilId) };
  }
}

async function record(ctx: ChatContext, c: Casework<z.ZodType>, data: Record<string, unknown>, values: Record<string, unknown>): Promise<ChatAnswer> {
  const raw = { ...data, ...normaliseValues(values) };
  const input = c.command.safeParse(raw);
  if (!input.success) {
    throw new BadActionError(problemsInWords(input.error, raw));
  }
  const r = await c.handle(ctx, input.data);
  if (!r.ok) return { kind: 'card', card: resultCard({ kind: 'refusal', text: r.refusal }) };
  // the shared lists show who called (never what one reader alone may see); the answer is this person's
  if (c.showsOnSharedLists) await ctx.deps.sharedPosts?.refresh(ctx.staff.schoolId, ctx.asOf);
  const pupilId = (input.data as { pupilId: number }).pupilId;
  return { kind: 'card', card: await refreshedPupilCard(ctx, pupilId, `${r.summary} — recorded by ${ctx.staff.name}`) };
}

const lettersAnswer = (r: DraftsAnswer): ChatAnswer =>
  r.ok ? { kind: 'letters', drafts: r.drafts } : { kind: 'card', card: resultCard({ kind: 'refusal', text: r.refusal }) };

/**
 * "Mark all sent" submitted: each pupil ticked is recorded sent with their drafts, in a
 * transaction of its own (one refused does not hold the others back); the answer says which.
 */
async function recordLettersSent(ctx: ChatContext, data: Record<string, unknown>, values: Record<string, unknown>): Promise<Card> {
  const list = listDraftsData.safeParse(data);
  if (!list.success) throw new BadActionError('letters-sent: no drafts');
  const ticked = normaliseValues(values);
  const day = ticked.day;
  const sent: string[] = [];
  const refused: string[] = [];
  for (const p of parseListDrafts(list.data.drafts)) {
    if (ticked[`p${p.pupilId}`] !== true) continue;
    const cmd = markLetterSentCommand.safeParse({ pupilId: p.pupilId, stepKey: list.data.stepKey, title: list.data.title, drafts: p.drafts, day });
    if (!cmd.success) throw new BadActionError(problemsInWords(cmd.error, { day }));
    // each pupil's record is its own submission: a retried form records each once
    const r = await markLetterSent(ctx.submissionKey ? { ...ctx, submissionKey: `${ctx.submissionKey}:${p.pupilId}` } : ctx, cmd.data);
    if (r.ok) { sent.push(r.summary); continue; }
    // named only to one who may see the pupil (the refusal itself says nothing of them)
    const pupil = await ctx.deps.roll.pupil(ctx.staff.schoolId, p.pupilId);
    refused.push(`${pupil && canSeePupil(ctx.staff.grants, pupil) ? displayName(pupil) : 'a pupil'}: ${r.refusal}`);
  }
  if (sent.length === 0 && refused.length === 0) return resultCard({ kind: 'refusal', text: 'No pupil was ticked: nothing was recorded.' });
  return messageCard(`Letters recorded sent: ${sent.length}`, [...sent.map((x) => `• ${x}`), ...refused.map((x) => `• Not recorded: ${x}`), `Recorded by ${ctx.staff.name}.`].join('\n'));
}

async function refreshedPupilCard(ctx: ChatContext, pupilId: number, notice?: string): Promise<Card> {
  const pupil = await ctx.deps.roll.pupil(ctx.staff.schoolId, pupilId);
  if (!pupil || !canSeePupil(ctx.staff.grants, pupil)) {
    await ctx.deps.audit.record({
      schoolId: ctx.staff.schoolId, actor: staffActor(ctx.staff), source: ctx.source, action: 'press.open-pupil.refused',
      subjectType: 'Pupil', subjectId: String(pupilId), detail: { refusal: NOT_FOUND, where: ctx.where ?? null },
    });
    return resultCard({ kind: 'refusal', text: NOT_FOUND });
  }
  const school = await ctx.deps.schools.load(ctx.staff.schoolId);
  return pupilCard(await viewPupil(ctx.deps, school, ctx.staff, pupil, ctx.asOf), notice);
}

/** Inputs come back as strings ("true"/"false" from a Teams toggle); empty ones are absent. */
function normaliseValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === '' || v === undefined || v === null) continue;
    out[k] = v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}
