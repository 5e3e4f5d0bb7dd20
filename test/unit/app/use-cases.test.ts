/** The use cases against in-memory ports: no database, no chat platform. */
import { describe, expect, it } from 'vitest';
import { runJob } from '../../../src/app/jobs/index.ts';
import { ask, NOT_FOUND } from '../../../src/app/use-cases/ask.ts';
import { acknowledgeFlag, ACK_REFUSAL } from '../../../src/app/use-cases/acknowledge-flag.ts';
import { handleAction } from '../../../src/app/use-cases/act-on-card.ts';
import { bindChannel, BIND_REFUSAL } from '../../../src/app/use-cases/bind-channel.ts';
import { bookMeeting } from '../../../src/app/use-cases/casework/book-meeting.ts';
import { declinePenalty } from '../../../src/app/use-cases/casework/decline-penalty.ts';
import { logCall } from '../../../src/app/use-cases/casework/log-call.ts';
import { markLetterSent } from '../../../src/app/use-cases/casework/mark-letter-sent.ts';
import { noticeToImprove, noticeToImproveCommand } from '../../../src/app/use-cases/casework/notice-to-improve.ts';
import { CASEWORK_REFUSAL } from '../../../src/app/use-cases/casework/on-case.ts';
import { recordMeetingOutcome, recordMeetingOutcomeCommand } from '../../../src/app/use-cases/casework/record-meeting-outcome.ts';
import { requestPenaltyNotice } from '../../../src/app/use-cases/casework/request-penalty-notice.ts';
import { recordPenaltyDecision } from '../../../src/app/use-cases/casework/record-penalty-decision.ts';
import { startPlan } from '../../../src/app/use-cases/casework/start-plan.ts';
import { viewPupil } from '../../../src/app/use-cases/view-pupil.ts';
import type { StaffMember } from '../../../src/app/ports.ts';
import { pupilCard } from '../../../cards/attendance.ts';
import type { Ladder } from '../../../src/domain/ladder.ts';
import { dayOf } from '../../../src/domain/dates.ts';
import { chatAs, dsl, headOfYear9, memoryJobDeps, memoryPlatform, memoryWorld, officer, pupil } from '../../support/memory.ts';
import { both, calendar2024, fill } from '../../support/registers.ts';

const TODAY = '2025-02-26';
const LADDER: Ladder = {
  key: 'test', name: 'Test ladder',
  rungs: [
    { key: 'below-96', title: 'Below 96%', when: [{ kind: 'attendance-below', percent: 96 }], steps: [{ key: 'letter-1', kind: 'letter', title: 'Letter 1', actor: 'attendance-officer' }] },
    { key: 'penalty', title: 'Penalty threshold', when: [{ kind: 'penalty-threshold' }], steps: [{ key: 'penalty-request', kind: 'penalty-notice-request', title: 'Consider a penalty notice', actor: 'attendance-officer' }] },
  ],
};

function world() {
  const calendar = calendar2024();
  const ava = pupil({ id: 1, upn: 'A1', givenName: 'Ava', familyName: 'Nine', yearGroup: 9, socialWorker: 'child_in_need' });
  const sam = pupil({ id: 2, upn: 'S1', givenName: 'Sam', familyName: 'Seven', yearGroup: 7 });
  const contacts = [
    { pupilId: ava.id, id: 101, name: 'Kim Nine', relationship: 'mother', parentalResponsibility: true, care: false, phone: '07700 900001' },
    { pupilId: ava.id, id: 102, name: 'Lee Nine', relationship: 'father', parentalResponsibility: true, care: false, phone: null },
    { pupilId: ava.id, id: 103, name: 'Gran Nine', relationship: 'grandmother', parentalResponsibility: false, care: false, phone: '07700 900003' },
  ];
  const w = memoryWorld({ calendar, ladder: LADDER, pupils: [ava, sam], staff: [officer, headOfYear9, dsl], today: TODAY, contacts });
  // Ava: present all year but a week of holiday not granted before half term (10 sessions of G), and N this morning
  w.mark(ava.id, fill(calendar, '2024-09-04', '2025-02-25', '/', '\\').concat(fill(calendar, '2025-02-10', '2025-02-14', 'G', 'G'), [{ date: TODAY, session: 'AM', code: 'N' }]));
  w.mark(sam.id, fill(calendar, '2024-09-04', '2025-02-25', '/', '\\').concat([{ date: TODAY, session: 'AM', code: 'N' }]));
  return { w, ava, sam };
}

const ctx = (w: ReturnType<typeof world>['w'], staff: StaffMember | StaffMember[]) => chatAs(w.deps, staff, TODAY, 'slack:C1/1.2');

describe('log call', () => {
  it('reaching a parent who gives illness amends today\'s N to I, records the call and audits it', async () => {
    const { w, ava } = world();
    const r = await logCall(ctx(w, officer), { pupilId: ava.id, outcome: 'reached', reason: 'illness', amendToday: true, note: 'temperature' });
    expect(r).toMatchObject({ ok: true, amended: 1 });
    expect(w.amendments).toEqual([expect.objectContaining({ pupilId: ava.id, date: TODAY, session: 'AM', from: 'N', to: 'I', by: { kind: 'staff', staffId: 1 } })]);
    expect(w.actions).toEqual([expect.objectContaining({ kind: 'call', outcome: 'reached', note: 'temperature', day: '2025-02-26' })]);
    expect(w.audit.map((a) => a.action)).toEqual(['casework.call']);
  });

  it('a head of year may log a call in their year but the code change is left to the attendance officer', async () => {
    const { w, ava } = world();
    const r = await logCall(ctx(w, headOfYear9), { pupilId: ava.id, outcome: 'reached', reason: 'illness', amendToday: true });
    expect(r).toMatchObject({ ok: true, amended: 0 });
    expect(r.ok && r.summary).toContain('code change left for the attendance officer');
    expect(w.amendments).toEqual([]);
  });

  it('a pupil outside the caller\'s years is refused: nothing is written, the refusal is audited', async () => {
    const { w, sam } = world();
    expect(await logCall(ctx(w, headOfYear9), { pupilId: sam.id, outcome: 'reached' })).toEqual({ ok: false, refusal: CASEWORK_REFUSAL });
    expect(w.actions).toEqual([]);
    expect(w.audit).toEqual([expect.objectContaining({ action: 'casework.call.refused', actor: { kind: 'staff', staffId: 2 }, subjectId: String(sam.id) })]);
  });

  it('a call that reached a parent is contact: the days-without-contact count starts again', async () => {
    const { w, ava } = world();
    w.mark(ava.id, fill(calendar2024(), '2025-02-24', '2025-02-25', 'N', 'N'));
    const school = w.school;
    const before = await viewPupil(w.deps, school, officer, ava, TODAY);
    expect(before.evaluation.counters.daysWithoutContact).toBe(3);
    await logCall(ctx(w, officer), { pupilId: ava.id, outcome: 'no-answer' });
    expect((await viewPupil(w.deps, school, officer, ava, TODAY)).evaluation.counters.daysWithoutContact).toBe(3); // no answer is no contact
    await logCall(ctx(w, officer), { pupilId: ava.id, outcome: 'home-visit' });
    const after = await viewPupil(w.deps, school, officer, ava, TODAY);
    expect(after.evaluation.counters.daysWithoutContact).toBe(0);
  });
});

describe('a submission sent twice', () => {
  it('records once: the second, with the same key, is answered "recorded already" and changes nothing', async () => {
    const { w, ava } = world();
    const twice = { ...ctx(w, officer), submissionKey: 'slack:V123:call' };
    expect(await logCall(twice, { pupilId: ava.id, outcome: 'reached', reason: 'illness', amendToday: true })).toMatchObject({ ok: true, amended: 1 });
    expect(await logCall(twice, { pupilId: ava.id, outcome: 'reached', reason: 'illness', amendToday: true })).toMatchObject({ ok: true, summary: expect.stringContaining('Recorded already') });
    expect(w.actions.filter((a) => a.kind === 'call')).toHaveLength(1);
    expect(w.amendments).toHaveLength(1);
    expect(await logCall({ ...twice, submissionKey: 'slack:V124:call' }, { pupilId: ava.id, outcome: 'voicemail' })).toMatchObject({ ok: true, summary: expect.stringContaining('voicemail') });
  });
});

describe('meetings and plans', () => {
  it('books a meeting; its outcome names it, and is refused for a meeting not on the case', async () => {
    const { w, ava, sam } = world();
    await bookMeeting(ctx(w, officer), { pupilId: ava.id, date: '2025-02-26', time: '08:30', attendees: 'Mum, HoY' });
    expect(w.meetings).toEqual([expect.objectContaining({ pupilId: ava.id, at: new Date('2025-02-26T08:30:00Z'), attendees: 'Mum, HoY', status: 'booked' })]);
    const meetingId = w.meetings[0]!.id;
    expect(await recordMeetingOutcome(ctx(w, officer), { pupilId: sam.id, meetingId, result: 'attended', note: 'x' })).toEqual({ ok: false, refusal: "That meeting is not on this pupil's open case. Nothing was recorded." });
    expect(w.meetings[0]!.status).toBe('booked');
    expect(await recordMeetingOutcome(ctx(w, officer), { pupilId: ava.id, meetingId, result: 'attended', note: 'Contract agreed' }))
      .toMatchObject({ ok: true, summary: 'Meeting Wed 26 Feb 08:30 with Mum, HoY: held: the family attended (Contract agreed)' });
    expect(w.meetings[0]).toMatchObject({ status: 'attended', note: 'Contract agreed' });
    expect(w.actions.at(-1)).toMatchObject({ kind: 'meeting-outcome', meetingId, result: 'attended', note: 'Contract agreed' });
    // settled once: a second outcome is refused and changes nothing
    expect(await recordMeetingOutcome(ctx(w, officer), { pupilId: ava.id, meetingId, result: 'cancelled' })).toEqual({ ok: false, refusal: 'That meeting is recorded already (held: the family attended). Nothing was recorded.' });
    expect(w.meetings[0]!.status).toBe('attended');
  });

  it('a meeting is held, or missed, only once its time has come; it can be cancelled or moved before', async () => {
    const { w, ava } = world();
    await bookMeeting(ctx(w, officer), { pupilId: ava.id, date: '2025-02-26', time: '15:30', attendees: 'Dad' });
    const meetingId = w.meetings[0]!.id;
    w.now = new Date('2025-02-26T12:00:00Z');
    for (const result of ['attended', 'did-not-attend'] as const) {
      const r = await recordMeetingOutcome(ctx(w, officer), { pupilId: ava.id, meetingId, result, note: 'typed early' });
      expect(r).toEqual({ ok: false, refusal: expect.stringContaining('has not happened yet') });
    }
    expect(w.meetings[0]!.status).toBe('booked');
    w.now = new Date('2025-02-26T16:00:00Z');
    expect(await recordMeetingOutcome(ctx(w, officer), { pupilId: ava.id, meetingId, result: 'did-not-attend', note: 'no answer at the door' }))
      .toMatchObject({ ok: true, summary: 'Meeting Wed 26 Feb 15:30 with Dad: did not attend (no answer at the door)' });
  });

  it('rescheduled: the meeting is kept as moved and a new one booked in its place (a time to come); cancelled: kept as cancelled', async () => {
    const { w, ava } = world();
    await bookMeeting(ctx(w, officer), { pupilId: ava.id, date: '2025-02-27', time: '09:00', attendees: 'Mum' });
    const first = w.meetings[0]!.id;
    expect(await recordMeetingOutcome(ctx(w, officer), { pupilId: ava.id, meetingId: first, result: 'rescheduled', date: '2025-02-20', time: '09:00' }))
      .toEqual({ ok: false, refusal: 'The new time has passed: give a time to come. Nothing was recorded.' });
    expect(w.meetings).toHaveLength(1);
    expect(await recordMeetingOutcome(ctx(w, officer), { pupilId: ava.id, meetingId: first, result: 'rescheduled', date: '2025-03-04', time: '16:00', note: 'Mum on a late shift' }))
      .toMatchObject({ ok: true, summary: 'Meeting Thu 27 Feb 09:00 with Mum: rescheduled (Mum on a late shift); rebooked for Tue 4 Mar 16:00' });
    const second = w.meetings[1]!;
    expect(w.meetings[0]).toMatchObject({ status: 'rescheduled', rebookedAs: second.id });
    expect(second).toMatchObject({ status: 'booked', attendees: 'Mum', at: new Date('2025-03-04T16:00:00Z') });
    expect(await recordMeetingOutcome(ctx(w, officer), { pupilId: ava.id, meetingId: second.id, result: 'cancelled', note: 'attendance improved' })).toMatchObject({ ok: true });
    expect(second.status).toBe('cancelled');
    const { file } = await w.deps.cases.pupilFile('mem', ava.id, 10);
    expect(file?.meetingsToRecord).toEqual([]);
    expect(file?.entries.map((e) => e.kind)).toEqual(['meeting-outcome', 'meeting-outcome', 'meeting-booked']);
  });

  it('an outcome held needs what was agreed; a rescheduled one its new date and time', () => {
    expect(recordMeetingOutcomeCommand.safeParse({ pupilId: 1, meetingId: 1, result: 'attended' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['note']);
    expect(recordMeetingOutcomeCommand.safeParse({ pupilId: 1, meetingId: 1, result: 'rescheduled', date: '2025-03-04' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['date']);
    expect(recordMeetingOutcomeCommand.safeParse({ pupilId: 1, meetingId: 1, result: 'cancelled' }).success).toBe(true);
  });

  it('starts a plan with its review date', async () => {
    const { w, ava } = world();
    await startPlan(ctx(w, officer), { pupilId: ava.id, plan: 'attendance-contract', reviewOn: '2025-03-19', note: 'Breakfast club' });
    expect(w.actions).toEqual([expect.objectContaining({ kind: 'plan-started', plan: 'attendance-contract', reviewOn: '2025-03-19' })]);
  });
});

describe('mark letter sent', () => {
  it('records the ladder step done, so it is no longer due; a step that is not a letter of the ladder is refused', async () => {
    const { w, ava } = world();
    expect((await viewPupil(w.deps, w.school, officer, ava, TODAY)).due.map((d) => d.step.key)).toContain('letter-1');
    expect(await markLetterSent(ctx(w, officer), { pupilId: ava.id, stepKey: 'made-up', title: 'x' })).toMatchObject({ ok: false });
    expect(await markLetterSent(ctx(w, officer), { pupilId: ava.id, stepKey: 'letter-1', title: 'Letter 1' })).toMatchObject({ ok: true });
    expect(w.stepsDone).toEqual([{ pupilId: ava.id, stepKey: 'letter-1', day: TODAY, state: 'done', by: { kind: 'staff', staffId: 1 } }]);
    expect((await viewPupil(w.deps, w.school, officer, ava, TODAY)).due.map((d) => d.step.key)).not.toContain('letter-1');
  });
});

describe('penalty notices: one evaluation everywhere', () => {
  it('once the threshold marks are linked to a notice, the ladder-steps job, the steps and penalty lists and the pupil card agree no penalty step is due', async () => {
    const { w, ava } = world();
    await markLetterSent(ctx(w, officer), { pupilId: ava.id, stepKey: 'letter-1', title: 'Letter 1' }); // the penalty step is next
    const penaltyDue = async () => {
      const platform = memoryPlatform();
      await runJob(memoryJobDeps(w, platform, new Date(`${TODAY}T07:45:00Z`)), 'ladder-steps', 'mem', TODAY);
      const steps = await ask(ctx(w, officer), 'steps');
      const penalty = await ask(ctx(w, officer), 'penalty');
      const card = await viewPupil(w.deps, w.school, officer, ava, TODAY);
      return {
        job: platform.sent.length > 0 && w.posts.some((p) => p.payload.includes('Consider a penalty notice')),
        steps: steps.kind === 'list' && steps.rows.some((r) => r.note?.includes('penalty') ?? false),
        penaltyList: penalty.kind === 'list' && penalty.rows.some((r) => r.pupilId === ava.id),
        card: card.due.some((d) => d.step.kind === 'penalty-notice-request'),
        threshold: card.evaluation.penalty.thresholdMet,
      };
    };
    expect(await penaltyDue()).toEqual({ job: true, steps: true, penaltyList: true, card: true, threshold: true });
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 101 })).toMatchObject({ ok: true });
    expect(w.notices).toEqual([expect.objectContaining({ pupilId: ava.id, contactId: 101, sequence: 1, amountPence: 16_000 })]);
    expect(w.notices[0]!.slots).toHaveLength(10);
    w.posts.length = 0;
    // the same sessions may still go towards a notice to Lee, the other parent: the threshold holds for him; the ladder's step is done
    expect(await penaltyDue()).toEqual({ job: false, steps: false, penaltyList: true, card: false, threshold: true });
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 102 })).toMatchObject({ ok: true });
    expect(await penaltyDue()).toEqual({ job: false, steps: false, penaltyList: false, card: false, threshold: false });
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 101 })).toEqual({ ok: false, refusal: 'Only 0 sessions count towards a notice to Kim Nine now (marks already linked to a notice to them do not count again).' });
    expect(w.audit.at(-1)).toMatchObject({ action: 'casework.penalty-requested.refused' });
  });

  it('two parents each receive a first notice for the same sessions; a contact without parental responsibility cannot', async () => {
    const { w, ava } = world();
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 101 })).toMatchObject({ ok: true, summary: expect.stringContaining('to Kim Nine (first notice: £160, or £80 if paid within 21 days)') });
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 102 })).toMatchObject({ ok: true, summary: expect.stringContaining('to Lee Nine (first notice') });
    expect(w.notices.map((n) => [n.contactId, n.sequence, n.amountPence, n.slots.length])).toEqual([[101, 1, 16_000, 10], [102, 1, 16_000, 10]]);
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 103 })).toMatchObject({ ok: false, refusal: expect.stringContaining('parental responsibility') });
  });

  it('a second notice to one parent within three years of their first is £160; a third is refused; the form says so per parent', async () => {
    const { w, ava } = world();
    // Kim had one notice last year; Lee two, the first on 1 May 2023
    const issued = (id: number, contactId: number, sequence: number, on: string) => ({ id, pupilId: ava.id, contactId, sequence, amountPence: 16_000, day: dayOf(on) - 7, issuedOn: dayOf(on), slots: [], status: 'issued' as const });
    w.notices.push(issued(900, 101, 1, '2024-03-01'), issued(901, 102, 1, '2023-05-01'), issued(902, 102, 2, '2024-06-01'));
    const form = await handleAction(ctx(w, officer), 'penalty-request', { pupilId: ava.id });
    expect(form.kind).toBe('form');
    const text = JSON.stringify(form);
    expect(text).toContain('Kim Nine (mother): second notice within 3 years: £160, no reduction');
    expect(text).toContain('Not possible now: Lee Nine: no third notice within 3 years');
    expect(text).not.toContain('Gran Nine');
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 101 })).toMatchObject({ ok: true, summary: expect.stringContaining('second notice within 3 years: £160, no reduction') });
    expect(w.notices.at(-1)).toMatchObject({ contactId: 101, sequence: 2, amountPence: 16_000 });
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 102 })).toMatchObject({ ok: false, refusal: expect.stringContaining('three years from their first notice end on Fri 1 May') });
  });

  it('a notice to improve takes 15 to 30 school days, only at the threshold; declining records why', async () => {
    const { w, ava, sam } = world();
    expect(noticeToImproveCommand.safeParse({ pupilId: ava.id, schoolDays: '40', support: 's', improvement: 'i' }).success).toBe(false);
    expect(await noticeToImprove(ctx(w, officer), { pupilId: sam.id, schoolDays: 20, support: 'Mentor', improvement: 'No absence' })).toMatchObject({ ok: false, refusal: expect.stringContaining('rests on the National Framework threshold (10 sessions of unauthorised absence in 10 school weeks): only 0 count now') });
    expect(await noticeToImprove(ctx(w, officer), { pupilId: ava.id, schoolDays: 20, support: 'Mentor', improvement: 'No absence' })).toMatchObject({ ok: true, summary: 'Notice to improve issued: 20 school days to Wed 26 Mar' });
    expect(w.noticesToImprove).toEqual([{ pupilId: ava.id, endsOn: '2025-03-26', issuedOn: TODAY }]);
    expect(await declinePenalty(ctx(w, officer), { pupilId: ava.id, reason: 'Support first' })).toMatchObject({ ok: true, summary: 'Penalty notice not appropriate: Support first' });
  });
});

describe('a penalty notice after the request', () => {
  it('issued by the LA on its day, then paid: the next notice to that parent is a second; a request pending allows no other', async () => {
    const { w, ava } = world();
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 101 })).toMatchObject({ ok: true });
    const id = w.notices.at(-1)!.id;
    const form = await handleAction(ctx(w, officer), 'penalty-request', { pupilId: ava.id });
    expect(JSON.stringify(form)).toContain("Kim Nine: a request awaits the LA's decision");
    expect(await recordPenaltyDecision(ctx(w, officer), { pupilId: ava.id, noticeId: id, status: 'paid' })).toMatchObject({ ok: false, refusal: expect.stringContaining('That notice is requested from the LA: it can only be issued by the LA, or refused by the LA, or withdrawn') });
    expect(await recordPenaltyDecision(ctx(w, officer), { pupilId: ava.id, noticeId: id, status: 'issued', day: '2025-02-27' })).toMatchObject({ ok: false, refusal: expect.stringContaining('after today') });
    expect(await recordPenaltyDecision(ctx(w, officer), { pupilId: ava.id, noticeId: id, status: 'issued', day: TODAY })).toMatchObject({ ok: true, summary: 'Penalty notice issued by the LA on Wed 26 Feb' });
    expect(w.notices.find((n) => n.id === id)).toMatchObject({ status: 'issued', issuedOn: dayOf(TODAY) });
    expect(await recordPenaltyDecision(ctx(w, officer), { pupilId: ava.id, noticeId: id, status: 'paid' })).toMatchObject({ ok: true });
    const card = await viewPupil(w.deps, w.school, officer, ava, TODAY);
    expect(card.notices).toEqual([expect.objectContaining({ parent: 'Kim Nine (mother)', line: 'requested Wed 26 Feb; paid (issued Wed 26 Feb)', next: [] })]);
    const again = await handleAction(ctx(w, officer), 'penalty-request', { pupilId: ava.id });
    expect(JSON.stringify(again)).toContain('Kim Nine (mother): second notice within 3 years');
    expect(w.audit.filter((a) => a.action.startsWith('casework.penalty-decision')).map((a) => a.action)).toEqual([
      'casework.penalty-decision.refused', 'casework.penalty-decision.refused', 'casework.penalty-decision', 'casework.penalty-decision',
    ]);
  });

  it('refused by the LA: it is no notice for the three-year rule, and its marks count again', async () => {
    const { w, ava } = world();
    await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 101 });
    const kims = w.notices.at(-1)!.id;
    await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 102 });
    expect((await viewPupil(w.deps, w.school, officer, ava, TODAY)).evaluation.penalty.thresholdMet).toBe(false);
    expect(await recordPenaltyDecision(ctx(w, officer), { pupilId: ava.id, noticeId: kims, status: 'refused', note: 'support not offered first' })).toMatchObject({ ok: true, summary: expect.stringContaining('its marks may count towards another notice') });
    expect((await viewPupil(w.deps, w.school, officer, ava, TODAY)).evaluation.penalty.thresholdMet).toBe(true);
    expect(await requestPenaltyNotice(ctx(w, officer), { pupilId: ava.id, contactId: 101 })).toMatchObject({ ok: true, summary: expect.stringContaining('first notice') });
    expect(await recordPenaltyDecision(ctx(w, officer), { pupilId: 2, noticeId: w.notices.at(-1)!.id, status: 'issued' })).toMatchObject({ ok: false, refusal: expect.stringContaining("not this pupil's") });
  });
});

describe('ask', () => {
  it('a head of year sees their year only; a pupil outside it is "not found"; every query is audited', async () => {
    const { w } = world();
    const r = await ask(ctx(w, headOfYear9), 'A1');
    expect(r.kind).toBe('pupil');
    expect(r.kind === 'pupil' && r.view.safeguarding).toBeUndefined();
    expect(await ask(ctx(w, headOfYear9), 'S1')).toEqual({ kind: 'refusal', text: NOT_FOUND });
    expect(await ask(ctx(w, headOfYear9), 'sam')).toEqual({ kind: 'refusal', text: NOT_FOUND });
    expect(w.audit.map((a) => [a.action, a.detail?.result])).toEqual([['query', 'pupil'], ['query', 'refusal'], ['query', 'refusal']]);
  });

  it('the DSL sees safeguarding details on the card; the PA list pages', async () => {
    const { w } = world();
    const r = await ask(ctx(w, dsl), 'ava nine');
    expect(r.kind === 'pupil' && r.view.safeguarding).toEqual({ socialWorker: 'child_in_need', lookedAfter: 'none', youngCarer: false, openFlags: [], acknowledgedFlags: [] });
    const pa = await ask(ctx(w, officer), 'pa');
    expect(pa).toMatchObject({ kind: 'list', total: 0, page: 1, pageCount: 1 });
  });

  it('`unresolved`: N older than 5 school days, with the days without contact, within the asker\'s scope; the morning list\'s footer names them', async () => {
    const { w, sam } = world();
    // Sam: N on Mon 10 Feb and Tue 11 Feb (more than 5 school days before Wed 26 Feb, half term between), both sessions
    w.mark(sam.id, [...both('2025-02-10', 'N'), ...both('2025-02-11', 'N')]);
    const r = await ask(ctx(w, officer), 'unresolved');
    expect(r).toMatchObject({ kind: 'list', title: 'N unresolved after 5 school days', total: 1 });
    expect(r.kind === 'list' && r.rows[0]).toMatchObject({ name: 'Sam Seven', note: '4 N since Mon 10 Feb AM; 1 day without contact' }); // and N this morning
    expect(await ask(ctx(w, headOfYear9), 'unresolved')).toMatchObject({ kind: 'list', total: 0 }); // Sam is in year 7
    const platform = memoryPlatform();
    await runJob(memoryJobDeps(w, platform, new Date(`${TODAY}T09:20:00Z`)), 'morning-list', 'mem', TODAY);
    const footer = JSON.stringify(platform.sent.at(-1)!.card);
    expect(footer).toContain('N unresolved after 5 school days');
    expect(footer).toContain('Sam Seven (7A): 4 since Mon 10 Feb AM, 1 day without contact');
  });
});

describe('acknowledge flag and bind channel', () => {
  it('only the DSL or a deputy acknowledges; a refusal is audited and changes nothing', async () => {
    const { w, ava } = world();
    const { id } = await w.deps.flags.raise({ schoolId: 'mem', pupilId: ava.id, kind: 'vulnerable-unexplained', dateKey: TODAY, summary: 'Absent', nextEscalationAt: new Date() });
    expect(JSON.stringify(await acknowledgeFlag(ctx(w, headOfYear9), { flagId: id, done: 'no-further-action' }))).toContain(ACK_REFUSAL);
    expect(w.flags[0]!.acknowledgedBy).toBeUndefined();
    // the DSL is asked what was done, and the flag card says it, with a button to the pupil
    const form = await handleAction(ctx(w, dsl), 'ack-flag', { flagId: id });
    expect(form.kind === 'form' && form.form.inputs.map((i) => i.id)).toEqual(['done', 'note']);
    const card = await handleAction(ctx(w, dsl), 'submit:flag-acknowledged', { flagId: id }, { done: 'social-worker-informed', note: 'Rang Ms Hughes' });
    const text = JSON.stringify(card);
    expect(text).toContain('Acknowledged by Dana Lewis');
    expect(text).toContain('social worker informed (Rang Ms Hughes)');
    expect(text).toContain('"q":"A1"'); // Open Ava Nine
    expect(w.flags[0]).toMatchObject({ acknowledgedAction: 'social-worker-informed', acknowledgedNote: 'Rang Ms Hughes' });
    expect(w.audit.map((a) => a.action)).toEqual(['flag.acknowledge.refused', 'flag.acknowledge']);
  });

  it('binding the DSL channel needs the DSL; others are refused and audited', async () => {
    const { w } = world();
    expect(await bindChannel(ctx(w, officer), { purpose: 'dsl' }, { platform: 'slack', channelId: 'C9' })).toBe(BIND_REFUSAL);
    expect(await bindChannel(ctx(w, dsl), { purpose: 'dsl' }, { platform: 'slack', channelId: 'C9' })).toContain('Done');
    expect(w.audit.map((a) => a.action)).toEqual(['school.channel.refused', 'school.channel']);
  });
});

describe('act on a card', () => {
  it('routes a typed action to its use case: a form for open-call, a refusal card outside scope, a bad action named', async () => {
    const { w, ava, sam } = world();
    expect(await handleAction(ctx(w, officer), 'open-call', { pupilId: ava.id })).toMatchObject({ kind: 'form', form: { id: 'call' } });
    const refused = await handleAction(ctx(w, headOfYear9), 'open-call', { pupilId: sam.id });
    expect(JSON.stringify(refused)).toContain(CASEWORK_REFUSAL);
    await expect(handleAction(ctx(w, officer), 'drop-tables', {})).rejects.toThrow('unknown action "drop-tables"');
    const saved = await handleAction(ctx(w, officer), 'submit:call', { pupilId: ava.id }, { outcome: 'no-answer', note: '' });
    expect(saved.kind === 'card' && saved.card.title).toBe('Ava Nine (A1)');
    await expect(handleAction(ctx(w, officer), 'submit:call', { pupilId: ava.id }, { outcome: 'shouted' })).rejects.toThrow('The form is not complete: the outcome is not one of the choices.');
    // a hand-made request is told what is wrong in words, each field by what it is on the form
    await expect(handleAction(ctx(w, officer), 'submit:step-recorded', { pupilId: ava.id }, { state: 'maybe', day: 'tomorrow' }))
      .rejects.toThrow('The form is not complete: the step is missing; what happened is not one of the choices; the day: a date (YYYY-MM-DD).');
  });

  it('every refused press is audited (who, which button, which pupil id, from where), like a refused submission', async () => {
    const { w, sam } = world();
    const presses = ['open-call', 'open-meeting', 'open-plan', 'open-nti', 'penalty-request', 'open-step', 'open-review', 'open-penalty-decision', 'cancel'] as const;
    for (const id of presses) expect(JSON.stringify(await handleAction(ctx(w, headOfYear9), id, { pupilId: sam.id }))).toContain(CASEWORK_REFUSAL);
    expect(w.audit.map((a) => [a.action, a.actor, a.subjectId, a.detail?.where])).toEqual(presses.map((id) => [`press.${id}.refused`, { kind: 'staff', staffId: 2 }, String(sam.id), 'slack:C1/1.2']));
  });
});

it('test data: both() builds AM and PM', () => {
  expect(both('2025-01-06', 'I')).toHaveLength(2);
});

describe('the register changes only on contact', () => {
  it('"no answer" with the reason "holiday not granted" leaves the N untouched, whatever the box says', async () => {
    const { w, ava } = world();
    const r = await logCall(ctx(w, officer), { pupilId: ava.id, outcome: 'no-answer', reason: 'holiday', amendToday: true });
    expect(r).toMatchObject({ ok: true, amended: 0 });
    expect(r.ok && r.summary).toContain('register unchanged');
    expect(w.amendments).toEqual([]);
    expect(w.marks.get(ava.id)!.get(2 * 20145)).toBe('N'); // 26 Feb AM
  });
});

describe('inputs are bounded', () => {
  it('a query over 500 characters is refused before any lookup; the audit keeps 500 characters and the length', async () => {
    const { w } = world();
    const text = `ava ${'x'.repeat(600)}`;
    const r = await ask(ctx(w, officer), text);
    expect(r).toEqual({ kind: 'refusal', text: expect.stringContaining('too long') });
    expect(w.audit).toEqual([expect.objectContaining({ action: 'query', detail: expect.objectContaining({ length: text.length, result: 'refusal' }) })]);
    expect((w.audit[0]!.detail!.text as string).length).toBe(500);
  });
});

describe('unauthorised codes from chat', () => {
  it('need the confirmation that names the penalty consequence: refused without it (nothing written), amended with it', async () => {
    const { w, ava } = world();
    const refused = await logCall(ctx(w, officer), { pupilId: ava.id, outcome: 'reached', reason: 'holiday', amendToday: true });
    expect(refused).toMatchObject({ ok: false, refusal: expect.stringContaining('counts towards a penalty notice') });
    expect(w.amendments).toEqual([]);
    expect(w.actions).toEqual([]);
    const done = await logCall(ctx(w, officer), { pupilId: ava.id, outcome: 'reached', reason: 'holiday', amendToday: true, confirmUnauthorised: true });
    expect(done).toMatchObject({ ok: true, amended: 1 });
    expect(w.amendments).toEqual([expect.objectContaining({ from: 'N', to: 'G', by: { kind: 'staff', staffId: 1 } })]);
  });

  it('are the attendance officer\'s: a senior leader\'s call leaves the N for them', async () => {
    const { w, ava } = world();
    const senior = { ...officer, id: 4, name: 'Sam Senior', grants: [{ role: 'senior_leader' as const }] };
    const r = await logCall(ctx(w, senior), { pupilId: ava.id, outcome: 'reached', reason: 'holiday', amendToday: true, confirmUnauthorised: true });
    expect(r.ok && r.summary).toContain("an unauthorised code is the attendance officer's to record");
    expect(w.amendments).toEqual([]);
  });

  it('the register box is not on the form of someone who may not amend', async () => {
    const { w, ava } = world();
    const hoy = await handleAction(ctx(w, headOfYear9), 'open-call', { pupilId: ava.id });
    const officers = await handleAction(ctx(w, officer), 'open-call', { pupilId: ava.id });
    const ids = (a: typeof hoy) => (a.kind === 'form' ? a.form.inputs.map((i) => i.id) : []);
    expect(ids(hoy)).not.toContain('amendToday');
    expect(ids(officers)).toEqual(expect.arrayContaining(['amendToday', 'confirmUnauthorised']));
  });
});

describe("the pupil card's recent marks", () => {
  it('are a grid of the last four weeks, Monday to Friday, each school day with its AM and PM marks; no school, or still to come, left blank', async () => {
    const { w, ava } = world();
    const v = await viewPupil(w.deps, w.school, officer, ava, TODAY);
    expect(v.recentWeeks.map((x) => x.weekOf)).toEqual(['Mon 3 Feb', 'Mon 10 Feb', 'Mon 17 Feb', 'Mon 24 Feb']);
    expect(v.recentWeeks[2]!.days).toEqual([null, null, null, null, null]); // half term
    expect(v.recentWeeks[3]!.days).toEqual([{ am: '/', pm: '\\' }, { am: '/', pm: '\\' }, { am: 'N', pm: '·' }, null, null]);
    const card = pupilCard(v);
    const table = card.sections.find((x) => x.type === 'table' && x.columns[0] === 'Recent marks (AM PM)');
    expect(table && table.type === 'table' && table.rows.at(-1)).toEqual(['w/c Mon 24 Feb', '/\\', '/\\', 'N·', '', '']);
    expect(JSON.stringify(card)).toContain('N no reason yet, · no mark; a blank day: no school, or still to come');
  });
});

describe("the DSL's view of a pupil", () => {
  it('shows the open flags to the DSL only; "reached the social worker" is a call outcome that never changes the register', async () => {
    const { w, ava } = world();
    await w.deps.flags.raise({ schoolId: 'mem', pupilId: ava.id, kind: 'vulnerable-unexplained', dateKey: TODAY, summary: 'Absent with no reason given; has a social worker.', nextEscalationAt: new Date() });
    const forDsl = await viewPupil(w.deps, w.school, dsl, ava, TODAY);
    expect(forDsl.safeguarding?.openFlags).toEqual(['Absent with no reason given; has a social worker.']);
    expect((await viewPupil(w.deps, w.school, officer, ava, TODAY)).safeguarding).toBeUndefined();
    const r = await logCall(ctx(w, officer), { pupilId: ava.id, outcome: 'social-worker', reason: 'illness', amendToday: true });
    expect(r.ok && r.summary).toContain('reached the social worker');
    expect(w.amendments).toEqual([]);
  });

  it("keeps an acknowledged flag on the DSL's card, with who acknowledged it, when and what was done", async () => {
    const { w, ava } = world();
    const { id } = await w.deps.flags.raise({ schoolId: 'mem', pupilId: ava.id, kind: 'vulnerable-unexplained', dateKey: TODAY, summary: 'Absent with no reason given; has a social worker.', nextEscalationAt: new Date() });
    await w.deps.flags.acknowledge('mem', id, { kind: 'staff', staffId: dsl.id }, { action: 'home-visit', note: 'visit at 2pm' });
    const forDsl = await viewPupil(w.deps, w.school, dsl, ava, TODAY);
    expect(forDsl.safeguarding?.openFlags).toEqual([]);
    expect(forDsl.safeguarding?.acknowledgedFlags).toEqual([expect.stringMatching(/^Absent with no reason given; has a social worker\. Raised Wed 26 Feb 09:06; acknowledged by Dana Lewis \w{3} \d+ \w{3} \d\d:\d\d: home visit arranged \(visit at 2pm\)\.$/)]);
    expect(JSON.stringify(pupilCard(forDsl))).toContain('Safeguarding history (DSL only)');
    expect(JSON.stringify(pupilCard(await viewPupil(w.deps, w.school, officer, ava, TODAY)))).not.toContain('Safeguarding history');
  });

  it('a call that reached the social worker is a safeguarding fact: on the DSL\'s card only, and the shared list says "contacted (DSL)"', async () => {
    const { w, ava } = world();
    expect(await logCall(ctx(w, dsl), { pupilId: ava.id, outcome: 'social-worker', note: 'Ms Hughes knows; CIN plan review Friday' })).toMatchObject({ ok: true });
    const forDsl = await viewPupil(w.deps, w.school, dsl, ava, TODAY);
    expect(forDsl.actions.map((a) => a.note)).toEqual(['Ms Hughes knows; CIN plan review Friday']);
    for (const viewer of [headOfYear9, officer]) {
      const card = JSON.stringify(pupilCard(await viewPupil(w.deps, w.school, viewer, ava, TODAY)));
      expect(card).not.toContain('social worker');
      expect(card).not.toContain('Ms Hughes');
    }
    const platform = memoryPlatform();
    await runJob(memoryJobDeps(w, platform, new Date(`${TODAY}T09:20:00Z`)), 'morning-list', 'mem', TODAY);
    const list = JSON.stringify(platform.sent.at(-1)!.card);
    expect(list).toContain('10:00 contacted (DSL)');
    expect(list).not.toContain('social worker');
    expect(list).not.toContain('Dana Lewis');
  });
});
