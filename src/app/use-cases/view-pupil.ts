/**
 * View a pupil: the figures, the trend by half term, the weekday pattern, lateness, the open
 * case and the next steps of the school's ladder, the recent marks; safeguarding details
 * only for the DSL and deputies. One evaluation (src/app/roll.ts), as every list and job.
 */
import { NO_MARK } from '../../../cards/attendance.ts';
import { CAPS } from '../../../cards/limits.ts';
import type { PenaltyNoticeView, PupilView } from '../../../cards/views.ts';
import { canSeeSafeguarding, revealsSafeguarding } from '../../domain/access.ts';
import { schoolDateTime } from '../../config/clock.ts';
import { dayOf, mondayOf, schoolDate } from '../../domain/dates.ts';
import { ladderLevels, stepOf } from '../../domain/ladder.ts';
import { flagActionLabel } from '../../domain/flags.ts';
import { NOTICE_NEXT, NOTICE_STATUS_LABEL, type NoticeRecord } from '../../domain/penalty.ts';
import { displayName } from '../../domain/names.ts';
import { attendancePct, statisticsByPeriod } from '../../domain/statistics.ts';
import type { Cases, ContactRecord, Flags, PupilRecord, SchoolContext, StaffDirectory, StaffMember } from '../ports.ts';
import { evaluateOne, type RollDeps } from '../roll.ts';
import { undoableEntries } from './casework/undo-entry.ts';


export async function viewPupil(deps: RollDeps & { cases: Cases; flags: Flags; staff: StaffDirectory }, school: SchoolContext, viewer: StaffMember, pupil: PupilRecord, asOfIso: string): Promise<PupilView> {
  const asOf = dayOf(asOfIso);
  // the case file (with the facts the rules need), the register and, for the DSL, the open
  // flags are read together
  const dsl = canSeeSafeguarding(viewer.grants);
  const reading = deps.cases.pupilFile(school.id, pupil.id, CAPS.caseEntries);
  const flagsReading = dsl ? deps.flags.forPupil(school.id, pupil.id, CAPS.flagsOnCard) : Promise.resolve([]);
  const { register, evaluation, due, position, facts } = await evaluateOne(deps, school, asOfIso, pupil, reading.then((r) => r.facts));
  const [{ file, contacts }, flags] = await Promise.all([reading, flagsReading]);
  const dueKeys = new Set(due.map((d) => d.step.key));
  const ladder = {
    ...(position.rung ? { rung: position.rung.title } : {}),
    steps: position.steps.map((s) => ({
      key: s.step.key, title: s.step.title, rungTitle: s.rung.title, status: s.status, due: dueKeys.has(s.step.key),
      ...(s.record ? { detail: s.record.state === 'not-needed' ? `not needed: ${s.record.note ?? ''}` : `${schoolDate(s.record.day)}${s.record.by ? `, ${s.record.by}` : ''}` } : {}),
      ...(s.dueFrom !== undefined ? { dueFrom: schoolDate(s.dueFrom) } : {}),
      ...(s.waitingFor ? { waitingFor: s.waitingFor.map((k) => stepOf(school.ladder, k)?.step.title ?? k) } : {}),
    })),
  };
  const notices = noticeViews(facts.notices, contacts);
  const reviews = facts.reviews.map((r) => ({ actionId: r.actionId, title: r.title, on: schoolDate(r.on), dueNow: r.on <= asOf }));
  const terms = school.calendar.halfTerms.filter((h) => h.start <= asOf && h.end >= evaluation.from);
  const trend = statisticsByPeriod(register, terms, evaluation.from, asOf).map((s, i) => ({ name: terms[i]!.name, attendancePct: attendancePct(s) }));
  // the last weeks, Monday to Friday: each school day's two marks; a day with no school, or still to come, left blank
  const recentWeeks = Array.from({ length: CAPS.recentWeeks }, (_, i) => mondayOf(asOf) - 7 * (CAPS.recentWeeks - 1 - i)).map((monday) => ({
    weekOf: schoolDate(monday),
    days: [0, 1, 2, 3, 4].map((d) => {
      const day = monday + d;
      if (day > asOf || !school.calendar.isSchoolDay(day)) return null;
      return { am: register.codeOn(day, 'AM') ?? NO_MARK, pm: register.codeOn(day, 'PM') ?? NO_MARK };
    }),
  }));
  return {
    pupil: { id: pupil.id, upn: pupil.upn, name: displayName(pupil), yearGroup: pupil.yearGroup, regGroup: pupil.regGroup },
    asOf: asOfIso, evaluation, trend, levels: ladderLevels(school.ladder), recentWeeks, due, ...(position.next ? { next: position.next } : {}), ladder, reviews, contacts, notices,
    caseId: file?.caseId ?? null,
    actions: (file?.entries ?? []).filter((e) => dsl || !revealsSafeguarding(e)).map((e) => ({ ...e, at: e.at.toISOString(), when: schoolDateTime(e.at, school.timezone) })),
    undoable: undoableEntries((file?.entries ?? []).filter((e) => dsl || !revealsSafeguarding(e)), viewer, school.timezone, asOfIso),
    meetingsToRecord: (file?.meetingsToRecord ?? []).map((m) => ({ ...m, scheduledAt: m.scheduledAt.toISOString(), when: schoolDateTime(m.scheduledAt, school.timezone) })),
    ...(dsl ? { safeguarding: { socialWorker: pupil.socialWorker, lookedAfter: pupil.lookedAfter, youngCarer: pupil.youngCarer, openFlags: flags.filter((f) => !f.acknowledgedAt).map((f) => f.summary),
      acknowledgedFlags: flags.filter((f) => f.acknowledgedAt).map((f) => {
        const action = flagActionLabel(f.acknowledgedAction)?.toLowerCase();
        return `${f.summary} Raised ${schoolDateTime(f.raisedAt, school.timezone)}; acknowledged by ${f.acknowledgedBy ?? 'a DSL'} ${schoolDateTime(f.acknowledgedAt!, school.timezone)}${action ? `: ${action}` : ''}${f.acknowledgedNote ? ` (${f.acknowledgedNote})` : ''}.`;
      }) } } : {}),
  };
}

/** A pupil's penalty notices as staff see them: to which parent, where each stands, what may follow. */
export function noticeViews(notices: readonly NoticeRecord[], contacts: readonly ContactRecord[]): PenaltyNoticeView[] {
  return notices.map((n) => {
    const parent = contacts.find((c) => c.id === n.contactId);
    return {
      id: n.id, parent: parent ? `${parent.name} (${parent.relationship})` : 'a parent',
      line: `requested ${schoolDate(n.requestedOn)}${n.status === 'requested' ? '; awaiting the LA' : `; ${NOTICE_STATUS_LABEL[n.status]}${n.issuedOn !== undefined ? ` (issued ${schoolDate(n.issuedOn)})` : ''}`}`,
      next: NOTICE_NEXT[n.status].map((st) => ({ status: st, label: NOTICE_STATUS_LABEL[st] })),
    };
  });
}
