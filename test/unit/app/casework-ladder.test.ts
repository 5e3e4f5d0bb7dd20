/** A pupil's case on the school's ladder: where they stand, what was done, what is due again. */
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../src/app/jobs/index.ts';
import { logCall } from '../../../src/app/use-cases/casework/log-call.ts';
import { recordReview } from '../../../src/app/use-cases/casework/record-review.ts';
import { bookMeeting } from '../../../src/app/use-cases/casework/book-meeting.ts';
import { recordMeetingOutcome } from '../../../src/app/use-cases/casework/record-meeting-outcome.ts';
import { recordStep, recordStepCommand } from '../../../src/app/use-cases/casework/record-step.ts';
import { startPlan } from '../../../src/app/use-cases/casework/start-plan.ts';
import { markLetterSent } from '../../../src/app/use-cases/casework/mark-letter-sent.ts';
import { undoEntry } from '../../../src/app/use-cases/casework/undo-entry.ts';
import { handleAction } from '../../../src/app/use-cases/act-on-card.ts';
import { viewPupil } from '../../../src/app/use-cases/view-pupil.ts';
import type { Ladder } from '../../../src/domain/ladder.ts';
import { dayOf } from '../../../src/domain/dates.ts';
import { pupilCard } from '../../../cards/attendance.ts';
import { chatAs, memoryJobDeps, memoryPlatform, memoryWorld, officer, pupil } from '../../support/memory.ts';
import { calendar2024, fill } from '../../support/registers.ts';

const TODAY = '2025-02-26';
const LADDER: Ladder = {
  key: 'test', name: 'Test ladder',
  rungs: [
    { key: 'below-96', title: 'Below 96%', when: [{ kind: 'attendance-below', percent: 96 }], steps: [
      { key: 'letter-1', kind: 'letter', title: 'Letter 1', actor: 'attendance-officer' },
      { key: 'call-1', kind: 'call', title: 'Phone call', actor: 'attendance-officer', after: ['letter-1'] },
    ] },
    { key: 'pa', title: 'Persistent absence', when: [{ kind: 'persistent-absence' }], steps: [
      { key: 'meeting-pa', kind: 'meeting', title: 'Meeting with parents', actor: 'attendance-officer', after: ['call-1'] },
      { key: 'contract', kind: 'attendance-contract', title: 'Attendance contract', actor: 'headteacher', after: ['meeting-pa'] },
    ] },
    { key: 'severe', title: 'Severe absence', when: [{ kind: 'severe-absence' }], steps: [
      { key: 'plan-sa', kind: 'support-plan', title: 'Support plan with the LA', actor: 'attendance-officer', after: ['contract'] },
    ] },
    { key: 'no-contact', title: 'No contact', when: [{ kind: 'days-without-contact', atLeast: 3 }], steps: [
      { key: 'visit', kind: 'home-visit', title: 'Home visit', actor: 'attendance-officer' },
    ] },
  ],
};

function world() {
  const calendar = calendar2024();
  // Ada: 16% or so (present the first weeks of the year, then ill); Ben: about 95% with this morning unexplained
  const ada = pupil({ id: 1, upn: 'A1', givenName: 'Ada', familyName: 'Low', yearGroup: 9 });
  const ben = pupil({ id: 2, upn: 'B1', givenName: 'Ben', familyName: 'Near', yearGroup: 9 });
  const w = memoryWorld({ calendar, ladder: LADDER, pupils: [ada, ben], staff: [officer], today: TODAY });
  w.mark(ada.id, fill(calendar, '2024-09-04', '2024-10-11', '/', '\\').concat(fill(calendar, '2024-10-14', '2025-02-26', 'I', 'I')));
  w.mark(ben.id, fill(calendar, '2024-09-04', '2025-02-25', '/', '\\').concat(fill(calendar, '2025-01-06', '2025-01-10', 'I', 'I'), [{ date: TODAY, session: 'AM', code: 'N' }]));
  return { w, ada, ben };
}
const ctx = (w: ReturnType<typeof world>['w']) => chatAs(w.deps, officer, TODAY, 'slack:D1/1.1');
const view = (w: ReturnType<typeof world>['w'], p: { id: number }) => viewPupil(w.deps, w.school, officer, w.pupils.find((x) => x.id === p.id)!, TODAY);

describe('a case has a state on the ladder', () => {
  it('a pupil at 16% is on the rung their figures reach, but the policy\'s first step comes first: one next step, the rest after it', async () => {
    const { w, ada } = world();
    const v = await view(w, ada);
    expect(v.evaluation.status).toBe('severe');
    expect(v.ladder.rung).toBe('Severe absence');
    expect(v.due.map((d) => d.step.key)).toEqual(['letter-1']);
    expect(v.next?.step.key).toBe('letter-1');
    expect(v.ladder.steps.map((s) => [s.key, s.status, s.due])).toEqual([
      ['letter-1', 'due', true], ['call-1', 'after-others', false],
      ['meeting-pa', 'after-others', false], ['contract', 'after-others', false], ['plan-sa', 'after-others', false],
    ]);
    const card = JSON.stringify(pupilCard(v));
    expect(card).toContain('On the ladder:** Severe absence');
    expect(card).toContain('Next step:** Letter 1 (attendance officer; Below 96%)');
    expect(card).not.toContain('Support plan with the LA');
    expect(card).toContain('Record a ladder step');
    // recorded, the next one comes due: one at a time
    await recordStep(ctx(w), { pupilId: ada.id, stepKey: 'letter-1', state: 'done' });
    expect((await view(w, ada)).due.map((d) => d.step.key)).toEqual(['call-1']);
  });

  it('an earlier step marked done after the fact (with its day), another not needed (with the reason)', async () => {
    const { w, ada } = world();
    expect(await recordStep(ctx(w), { pupilId: ada.id, stepKey: 'letter-1', state: 'done', day: '2024-11-04' })).toMatchObject({ ok: true, summary: 'Ladder step done on Mon 4 Nov: Letter 1' });
    expect(await recordStep(ctx(w), { pupilId: ada.id, stepKey: 'call-1', state: 'not-needed', note: 'mum came in instead' })).toMatchObject({ ok: true });
    const v = await view(w, ada);
    expect(v.ladder.steps.find((s) => s.key === 'letter-1')).toMatchObject({ status: 'done', detail: 'Mon 4 Nov, Asha Patel' });
    expect(v.ladder.steps.find((s) => s.key === 'call-1')).toMatchObject({ status: 'not-needed', detail: 'not needed: mum came in instead' });
    expect(w.audit.filter((a) => a.action === 'casework.step-recorded')).toHaveLength(2);
  });

  it('refuses a step not needed without a reason, a day in the future, a day before this academic year and a step not on the ladder, writing nothing', async () => {
    const { w, ada } = world();
    expect(recordStepCommand.safeParse({ pupilId: ada.id, stepKey: 'call-1', state: 'not-needed' }).success).toBe(false);
    expect(await recordStep(ctx(w), { pupilId: ada.id, stepKey: 'letter-1', state: 'done', day: '2025-03-03' })).toMatchObject({ ok: false, refusal: expect.stringContaining('after today') });
    expect(await recordStep(ctx(w), { pupilId: ada.id, stepKey: 'letter-1', state: 'done', day: '2024-07-01' })).toMatchObject({ ok: false, refusal: expect.stringContaining('before this academic year') });
    expect(await recordStep(ctx(w), { pupilId: ada.id, stepKey: 'invented', state: 'done' })).toMatchObject({ ok: false });
    expect(w.stepsDone).toEqual([]);
    expect(w.audit.map((a) => a.action)).toEqual(Array(3).fill('casework.step-recorded.refused'));
  });

  it('a call fulfils the call step only when recorded as that step and it reached a parent; a routine call never does', async () => {
    const { w, ben } = world();
    expect((await view(w, ben)).due.map((d) => d.step.key)).toEqual(['letter-1']);
    await recordStep(ctx(w), { pupilId: ben.id, stepKey: 'letter-1', state: 'done' });
    expect((await view(w, ben)).due.map((d) => d.step.key)).toEqual(['call-1']);
    const routine = await logCall(ctx(w), { pupilId: ben.id, outcome: 'reached', reason: 'illness' });
    expect(routine.ok && routine.summary).not.toContain('on the ladder');
    expect((await view(w, ben)).due.map((d) => d.step.key)).toEqual(['call-1']);
    expect(await logCall(ctx(w), { pupilId: ben.id, outcome: 'no-answer', stepKey: 'call-1' })).toMatchObject({ ok: false, refusal: expect.stringContaining('only when it reached a parent') });
    expect(await logCall(ctx(w), { pupilId: ben.id, outcome: 'reached', stepKey: 'letter-1' })).toMatchObject({ ok: false, refusal: expect.stringContaining('not due') });
    const reached = await logCall(ctx(w), { pupilId: ben.id, outcome: 'reached', reason: 'illness', stepKey: 'call-1' });
    expect(reached.ok && reached.summary).toContain('on the ladder: Phone call done');
    expect(w.stepsDone.map((x) => x.stepKey)).toEqual(['letter-1', 'call-1']);
    expect(w.stepsDone.at(-1)).toMatchObject({ pupilId: ben.id, stepKey: 'call-1', state: 'done', day: TODAY, by: { kind: 'staff', staffId: 1 } });
    expect((await view(w, ben)).due.map((d) => d.step.key)).toEqual([]);
  });

  it("the ladder's meeting is done only by a meeting held with the family: not by one missed, cancelled or moved", async () => {
    const { w, ada } = world();
    await recordStep(ctx(w), { pupilId: ada.id, stepKey: 'letter-1', state: 'done' });
    await recordStep(ctx(w), { pupilId: ada.id, stepKey: 'call-1', state: 'done' });
    expect((await view(w, ada)).due.map((d) => d.step.key)).toEqual(['meeting-pa']);
    const book = async () => { await bookMeeting(ctx(w), { pupilId: ada.id, date: TODAY, time: '08:30', attendees: 'Dad' }); return w.meetings.at(-1)!.id; };
    for (const [result, extra] of [['did-not-attend', {}], ['cancelled', {}], ['rescheduled', { date: '2025-03-04', time: '08:30' }]] as const) {
      const r = await recordMeetingOutcome(ctx(w), { pupilId: ada.id, meetingId: await book(), result, note: 'x', ...extra });
      expect(r.ok && r.summary).not.toContain('on the ladder');
      expect((await view(w, ada)).due.map((d) => d.step.key)).toEqual(['meeting-pa']);
    }
    const held = await recordMeetingOutcome(ctx(w), { pupilId: ada.id, meetingId: await book(), result: 'attended', note: 'plan agreed' });
    expect(held.ok && held.summary).toContain('on the ladder: Meeting with parents done');
    expect((await view(w, ada)).due.map((d) => d.step.key)).toEqual(['contract']);
  });

  it('a step done last academic year is due again this year', async () => {
    const { w, ben } = world();
    w.stepsDone.push({ pupilId: ben.id, stepKey: 'letter-1', day: '2024-06-10', state: 'done', by: { kind: 'staff', staffId: 1 } });
    expect((await view(w, ben)).due.map((d) => d.step.key)).toContain('letter-1');
    w.stepsDone.push({ pupilId: ben.id, stepKey: 'letter-1', day: '2024-11-11', state: 'done', by: { kind: 'staff', staffId: 1 } });
    expect((await view(w, ben)).due.map((d) => d.step.key)).not.toContain('letter-1');
  });
});

describe('reviews are reminders', () => {
  const reviewRows = (platform: ReturnType<typeof memoryPlatform>) => platform.sent.flatMap((s) => JSON.stringify(s.card).match(/Review due: [^"]*/g) ?? []);

  it('a plan\'s review date puts it in the ladder-steps post on that day, not before, and not once it is recorded', async () => {
    const { w, ben } = world();
    expect(await startPlan(ctx(w), { pupilId: ben.id, plan: 'support-plan', reviewOn: TODAY, note: 'walk to school with a friend' })).toMatchObject({ ok: true });
    const before = memoryPlatform();
    await runJob(memoryJobDeps(w, before, new Date('2025-02-25T07:45:00Z')), 'ladder-steps', 'mem', '2025-02-25');
    expect(reviewRows(before)).toEqual([]);
    const on = memoryPlatform();
    await runJob(memoryJobDeps(w, on, new Date(`${TODAY}T07:45:00Z`)), 'ladder-steps', 'mem', TODAY);
    expect(reviewRows(on)).toEqual([expect.stringContaining('Review due: Support plan started; review on Wed 26 Feb')]);
    const v = await view(w, ben);
    expect(v.reviews).toEqual([expect.objectContaining({ dueNow: true, on: 'Wed 26 Feb' })]);
    expect(JSON.stringify(pupilCard(v))).toContain('Review held: Support plan started');
    expect(await recordReview(ctx(w), { pupilId: ben.id, actionId: v.reviews[0]!.actionId, note: 'going well' })).toMatchObject({ ok: true });
    expect(await recordReview(ctx(w), { pupilId: ben.id, actionId: v.reviews[0]!.actionId })).toMatchObject({ ok: false });
    const after = memoryPlatform();
    await runJob(memoryJobDeps(w, after, new Date('2025-02-27T07:45:00Z')), 'ladder-steps', 'mem', '2025-02-27');
    expect(reviewRows(after)).toEqual([]);
  });

  it('the case timeline shows each entry\'s note, who and when in school time', async () => {
    const { w, ben } = world();
    await logCall(ctx(w), { pupilId: ben.id, outcome: 'reached', reason: 'illness', note: 'temperature, back Thursday' });
    const card = JSON.stringify(pupilCard(await view(w, ben)));
    expect(card).toContain('temperature, back Thursday');
    expect(card).toMatch(/Asha Patel, Wed 26 Feb 10:00/);
  });
});

describe('steps recorded on purpose, and undone the same day', () => {
  const colleague = { id: 4, schoolId: 'mem', name: 'Cat Colleague', grants: [{ role: 'attendance_officer' as const }], slackUserId: 'U4', teamsAadObjectId: null };
  const senior = { id: 5, schoolId: 'mem', name: 'Sam Senior', grants: [{ role: 'senior_leader' as const }], slackUserId: 'U5', teamsAadObjectId: null };
  function people() {
    const { w, ada, ben } = world();
    w.staff.push(colleague, senior);
    return { w, ada, ben, as: (s: typeof officer, day = TODAY) => chatAs(w.deps, s, day, 'slack:D1/1.1') };
  }

  it('"Mark sent" opens a form asking the day it went (today by default): pressing it records nothing; submitting records the letter on its day', async () => {
    const { w, ada, as } = people();
    const open = await handleAction(as(officer), 'letter-sent', { pupilId: ada.id, stepKey: 'letter-1', title: 'Letter 1' });
    expect(open.kind).toBe('form');
    expect(open.kind === 'form' && open.form.inputs).toEqual([{ type: 'date', id: 'day', label: 'Sent on', initial: TODAY }]);
    expect(w.stepsDone).toEqual([]);
    expect(await markLetterSent(as(officer), { pupilId: ada.id, stepKey: 'letter-1', title: 'Letter 1', day: '2025-03-03' })).toMatchObject({ ok: false, refusal: expect.stringContaining('after today') });
    expect(await markLetterSent(as(officer), { pupilId: ada.id, stepKey: 'letter-1', title: 'Letter 1', day: '2025-02-24' })).toMatchObject({ ok: true, summary: expect.stringMatching(/^Letter sent on Mon 24 Feb: Letter 1; attendance \d+\.\d%, 0 unauthorised sessions, as on Mon 24 Feb$/) });
    expect(w.stepsDone).toEqual([expect.objectContaining({ stepKey: 'letter-1', day: '2025-02-24', state: 'done' })]);
  });

  it('the author undoes a letter marked by mistake: the step is due again, the entry stays marked undone, and the history says so', async () => {
    const { w, ada, as } = people();
    await markLetterSent(as(officer), { pupilId: ada.id, stepKey: 'letter-1', title: 'Letter 1' });
    expect((await view(w, ada)).due.map((d) => d.step.key)).toEqual(['call-1']);
    const v = await viewPupil(w.deps, w.school, officer, ada, TODAY);
    expect(v.undoable).toEqual([{ id: expect.any(Number), label: expect.stringMatching(/^Letter sent: Letter 1; attendance \d+\.\d%, 0 unauthorised sessions, as on Wed 26 Feb \(Asha Patel\)$/) }]);
    expect(JSON.stringify(pupilCard(v))).toContain('Undo an entry');
    const r = await undoEntry(as(officer), { pupilId: ada.id, actionId: v.undoable[0]!.id, reason: 'wrong pupil' });
    expect(r).toMatchObject({ ok: true, summary: expect.stringMatching(/^Undone: Letter sent: Letter 1; attendance [^(]+ \(wrong pupil\)$/) });
    expect((await view(w, ada)).due.map((d) => d.step.key)).toEqual(['letter-1']);
    const after = await viewPupil(w.deps, w.school, officer, ada, TODAY);
    expect(after.actions.map((a) => [a.kind, a.undone ?? null])).toEqual([['entry-undone', null], ['letter-sent', { by: 'Asha Patel', reason: 'wrong pupil' }]]);
    expect(JSON.stringify(pupilCard(after))).toMatch(/Undone: Letter sent: Letter 1; attendance [^(]+ \(by Asha Patel: wrong pupil\)/);
    expect(after.undoable).toEqual([]);
    expect(w.audit.map((a) => a.action)).toEqual(['casework.letter-sent', 'casework.entry-undone']);
  });

  it('only the author or a senior leader, and only on the day it was recorded; a refusal changes nothing and is audited', async () => {
    const { w, ada, as } = people();
    await markLetterSent(as(officer), { pupilId: ada.id, stepKey: 'letter-1', title: 'Letter 1' });
    const id = w.actions[0]!.id;
    expect(await undoEntry(as(colleague), { pupilId: ada.id, actionId: id, reason: 'x' })).toMatchObject({ ok: false, refusal: expect.stringContaining('Only the person who recorded it, or a senior leader') });
    expect(await undoEntry(as(officer, '2025-02-27'), { pupilId: ada.id, actionId: id, reason: 'x' })).toMatchObject({ ok: false, refusal: expect.stringContaining('Only an entry recorded today') });
    expect(w.actions[0]!.undone).toBeUndefined();
    expect(w.audit.filter((a) => a.action === 'casework.entry-undone.refused')).toHaveLength(2);
    expect(await undoEntry(as(senior), { pupilId: ada.id, actionId: id, reason: 'sent to the wrong family' })).toMatchObject({ ok: true });
    expect(w.actions[0]!.undone).toEqual({ by: { kind: 'staff', staffId: senior.id }, reason: 'sent to the wrong family' });
  });

  it('a call undone no longer counts as contact, nor as the step it was recorded as; a call that changed the register is not undone here', async () => {
    const { w, ben, as } = people();
    await recordStep(as(officer), { pupilId: ben.id, stepKey: 'letter-1', state: 'done' });
    await logCall(as(officer), { pupilId: ben.id, outcome: 'reached', reason: 'illness', stepKey: 'call-1' });
    const call = w.actions.find((a) => a.kind === 'call')!;
    expect((await w.deps.cases.facts('mem', [ben.id])).get(ben.id)?.lastContact).toBe(dayOf(TODAY));
    expect(await undoEntry(as(officer), { pupilId: ben.id, actionId: call.id, reason: 'it was the neighbour' })).toMatchObject({ ok: true });
    expect((await w.deps.cases.facts('mem', [ben.id])).get(ben.id)?.lastContact).toBeUndefined();
    expect((await view(w, ben)).due.map((d) => d.step.key)).toEqual(['call-1']);
    await logCall(as(officer), { pupilId: ben.id, outcome: 'reached', reason: 'illness', amendToday: true });
    const amending = w.actions.filter((a) => a.kind === 'call').at(-1)!;
    expect(await undoEntry(as(officer), { pupilId: ben.id, actionId: amending.id, reason: 'x' })).toMatchObject({ ok: false, refusal: expect.stringContaining('changed the register') });
  });

  it('a meeting booked by mistake is cancelled; an outcome undone leaves the meeting booked again, and a meeting booked in its place goes', async () => {
    const { w, ada, as } = people();
    await bookMeeting(as(officer), { pupilId: ada.id, date: TODAY, time: '08:30', attendees: 'Mum' });
    const [booking] = w.actions;
    await undoEntry(as(officer), { pupilId: ada.id, actionId: booking!.id, reason: 'wrong day' });
    expect(w.meetings[0]!.status).toBe('cancelled');
    await bookMeeting(as(officer), { pupilId: ada.id, date: TODAY, time: '08:30', attendees: 'Dad' });
    const meeting = w.meetings[1]!;
    await recordMeetingOutcome(as(officer), { pupilId: ada.id, meetingId: meeting.id, result: 'rescheduled', date: '2025-03-04', time: '16:00' });
    const moved = w.actions.at(-1)!;
    expect(w.meetings.map((m) => m.status)).toEqual(['cancelled', 'rescheduled', 'booked']);
    expect(await undoEntry(as(officer), { pupilId: ada.id, actionId: moved.id, reason: 'Dad came in after all' })).toMatchObject({ ok: true });
    expect(w.meetings.map((m) => m.status)).toEqual(['cancelled', 'booked', 'cancelled']);
  });

  it('a plan undone sets no review; a review undone is due again', async () => {
    const { w, ada, as } = people();
    await startPlan(as(officer), { pupilId: ada.id, plan: 'support-plan', reviewOn: TODAY });
    const plan = w.actions.at(-1)!;
    const reviews = async () => (await w.deps.cases.facts('mem', [ada.id])).get(ada.id)!.reviews.map((r) => r.actionId);
    expect(await reviews()).toEqual([plan.id]);
    await recordReview(as(officer), { pupilId: ada.id, actionId: plan.id });
    expect(await reviews()).toEqual([]);
    await undoEntry(as(officer), { pupilId: ada.id, actionId: w.actions.at(-1)!.id, reason: 'review not held yet' });
    expect(await reviews()).toEqual([plan.id]);
    await undoEntry(as(officer), { pupilId: ada.id, actionId: plan.id, reason: 'wrong pupil' });
    expect(await reviews()).toEqual([]);
  });
});
