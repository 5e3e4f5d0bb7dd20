/**
 * The use cases' ports in memory, for unit tests that run without PostgreSQL or Redis. They
 * keep what a test needs to look at afterwards (actions, amendments, notices, audit entries,
 * posts) in plain arrays. A case transaction works on copies and keeps them only when the
 * work finishes, as a database transaction would.
 */
import type { Role } from '../../src/domain/access.ts';
import { letterFiles } from '../../src/adapters/files/letter-files.ts';
import { checkTemplate, type LetterTemplate } from '../../src/domain/letters.ts';
import type { RaisedFlagKind } from '../../src/domain/flags.ts';
import type { Card } from '../../cards/model.ts';
import type { AppDeps, ChatContext } from '../../src/app/deps.ts';
import type { JobDeps } from '../../src/app/jobs/index.ts';
import type {
  Announcements, JobRuns,
  AuditEntry, CaseFacts, ContactRecord, CaseTx, ChatPlatform, ChatTarget, PupilRecord, RollFilter, SchoolContext, StaffMember,
} from '../../src/app/ports.ts';
import { type Actor, actorLabel, type DownloadFile, type StoredDraft } from '../../src/app/ports.ts';
import { type CaseEvent, type MeetingResult, noteOf, outcomeOf } from '../../src/domain/casework.ts';
import type { SchoolCalendar } from '../../src/domain/calendar.ts';
import { type AttendanceCode, CODE_INDEX } from '../../src/domain/codes.ts';
import type { AnnouncedState } from '../../src/domain/announce.ts';
import { type DayNumber, type Session, type Slot, dayOf, slotOf } from '../../src/domain/dates.ts';
import type { Ladder } from '../../src/domain/ladder.ts';
import { holdsMarks, NATIONAL_PENALTY_RULES, type NoticeStatus } from '../../src/domain/penalty.ts';
import { CONTACT_CALL_OUTCOMES } from '../../src/domain/reasons.ts';
import { type Mark, PupilRegister } from '../../src/domain/register.ts';

/** A case event as stored: the event itself, who recorded it and when. */
export type MemoryAction = CaseEvent & { id: number; pupilId: number; actor: Actor; at: Date; undone?: { by: Actor; reason: string } };

export interface MemoryWorld {
  readonly school: SchoolContext;
  readonly pupils: PupilRecord[];
  readonly marks: Map<number, Map<Slot, AttendanceCode>>;
  readonly actions: MemoryAction[];
  readonly amendments: { pupilId: number; date: string; session: Session; from: AttendanceCode; to: AttendanceCode; reason: string; by: Actor }[];
  readonly notices: { id: number; pupilId: number; contactId: number; sequence: number; amountPence: number; day: DayNumber; slots: Slot[]; status: NoticeStatus; issuedOn?: DayNumber }[];
  /** The pupils' contacts, as the roll import holds them. */
  readonly contacts: (ContactRecord & { pupilId: number })[];
  readonly stepsDone: { pupilId: number; stepKey: string; day: string; state: 'done' | 'not-needed'; by: Actor; note?: string; reopened?: boolean }[];
  readonly letters: { address: string | null; signatory: string | null; templates: Map<string, LetterTemplate> };
  readonly drafts: StoredDraft[];
  readonly downloads: { id: number; schoolId: string; givenTo: string; nonce: string; expiresAt: Date; usedAt?: Date; file?: DownloadFile }[];
  readonly meetings: { id: number; pupilId: number; at: Date; attendees: string; status: MeetingResult | 'booked'; note?: string | null; rebookedAs?: number }[];
  readonly noticesToImprove: { pupilId: number; endsOn: string; issuedOn?: string; withdrawn?: boolean }[];
  readonly submissions: Set<string>;
  readonly audit: AuditEntry[];
  readonly flags: { id: number; pupilId: number; kind: RaisedFlagKind; dateKey: string; summary: string; level: number; nextEscalationAt: Date; acknowledgedBy?: Actor; acknowledgedAt?: Date; acknowledgedAction?: string; acknowledgedNote?: string | null }[];
  readonly staff: StaffMember[];
  readonly posts: { key: string; messageRef?: string; payload: string; sentPayload?: string; sent: boolean; attempts: number; lastError?: string }[];
  readonly deps: AppDeps;
  /** What time the world's clock says (default: noon of its day). */
  now?: Date;
  /** Sets marks for a pupil. */
  mark(pupilId: number, marks: readonly Mark[]): void;
}


/** The workspace and tenant of the memory school: as in PostgreSQL, a chat identity is known only within them. */
export const MEMORY_WORKSPACE = { slackTeamId: 'T0DEMO', teamsTenantId: '00000000-0000-0000-0000-0000000000d0' } as const;

export function memoryWorld(options: { calendar: SchoolCalendar; ladder: Ladder; pupils: PupilRecord[]; staff?: StaffMember[]; today?: string; contacts?: (ContactRecord & { pupilId: number })[] }): MemoryWorld {
  const school: SchoolContext = { id: 'mem', name: 'Memory School', timezone: 'Europe/London', calendar: options.calendar, ladder: options.ladder, penaltyRules: NATIONAL_PENALTY_RULES };
  const w = {
    letters: { address: '1 School Lane, Demoton DE1 1AA', signatory: 'Asha Patel, Attendance Officer', templates: new Map() }, drafts: [], downloads: [],
    school, pupils: options.pupils, marks: new Map(), actions: [], amendments: [], notices: [], contacts: options.contacts ?? [], stepsDone: [], meetings: [], noticesToImprove: [], submissions: new Set<string>(),
    audit: [], flags: [], staff: options.staff ?? [], posts: [],
  } as unknown as MemoryWorld & { deps: AppDeps };
  const today = () => dayOf(options.today ?? '2025-02-26');
  const onRoll = (p: PupilRecord, date: string) => p.admissionDate <= date && (p.leavingDate === null || p.leavingDate >= date);
  const inFilter = (p: PupilRecord, f: RollFilter) =>
    (!f.ids || f.ids.includes(p.id)) && (f.yearGroup === undefined || p.yearGroup === f.yearGroup) &&
    (f.regGroup === undefined || p.regGroup.toLowerCase() === f.regGroup.toLowerCase()) &&
    (f.upn === undefined || p.upn.toLowerCase() === f.upn.toLowerCase()) &&
    (!f.scope || f.scope.years.includes(p.yearGroup) || f.scope.forms.includes(p.regGroup));
  const facts = (pupilId: number): CaseFacts => {
    const contacts = w.actions.filter((a) => a.pupilId === pupilId && !a.undone && a.kind === 'call' && CONTACT_CALL_OUTCOMES.includes(a.outcome)).map((a) => dayOf(a.day));
    return {
      linkedByParent: w.notices.filter((n) => n.pupilId === pupilId && holdsMarks(n)).reduce((m, n) => m.set(n.contactId, new Set([...(m.get(n.contactId) ?? []), ...n.slots])), new Map<number, Set<Slot>>()),
      parents: w.contacts.filter((c) => c.pupilId === pupilId && (c.parentalResponsibility || c.care)).map((c) => c.id),
      steps: w.stepsDone.filter((s) => s.pupilId === pupilId && !s.reopened).map((s) => ({ key: s.stepKey, state: s.state, day: dayOf(s.day), by: nameOf(s.by), ...(s.note ? { note: s.note } : {}) })),
      reviews: w.actions.flatMap((a) => (a.pupilId === pupilId && !a.undone && (a.kind === 'plan-started' || a.kind === 'notice-to-improve') && !w.actions.some((h) => h.kind === 'review-held' && !h.undone && h.reviewOf === a.id)
        ? [{ actionId: a.id, kind: a.kind, title: a.summary, on: dayOf(a.reviewOn) }] : [])),
      notices: w.notices.filter((n) => n.pupilId === pupilId).map((n) => ({ id: n.id, contactId: n.contactId, status: n.status, requestedOn: n.day, ...(n.issuedOn !== undefined ? { issuedOn: n.issuedOn } : {}) })),
      ...(contacts.length ? { lastContact: Math.max(...contacts) } : {}),
    };
  };
  let ids = 0;
  /** As the stores join it: a member of staff by name, anyone else by the audit label. */
  const nameOf = (a: Actor) => (a.kind === 'staff' ? w.staff.find((s) => s.id === a.staffId)?.name : undefined) ?? actorLabel(a);
  const deps: AppDeps = {
    letterFiles,
    downloadLinks: { baseUrl: () => 'http://localhost:3000', key: Buffer.alloc(32, 7) },
    clock: { now: () => w.now ?? new Date(`${options.today ?? '2025-02-26'}T12:00:00Z`) },
    letters: {
      settings: async () => ({ address: w.letters.address, signatory: w.letters.signatory, templates: [...w.letters.templates.values()] }),
      set: async (_s, changes) => {
        if (changes.address !== undefined) w.letters.address = changes.address;
        if (changes.signatory !== undefined) w.letters.signatory = changes.signatory;
        for (const t of changes.templates ?? []) w.letters.templates.set(t.key, checkTemplate(t));
      },
      saveDrafts: async (schoolId, drafts, who) => {
        const made = drafts.map((d) => ({ ...d, id: ++ids, draftedBy: actorLabel(who.actor), sentOn: null }));
        w.drafts.push(...made);
        w.audit.push({ schoolId, ...who, action: 'letter.drafted', subjectType: 'Pupil', subjectId: String(drafts[0]?.pupilId ?? ''), detail: { drafts: made.map((d) => d.id) } });
        return made.map((d) => d.id);
      },
      drafts: async (_s, pupilId, wanted) => w.drafts.filter((d) => d.pupilId === pupilId && wanted.includes(d.id)),
      offerDownload: async (schoolId, givenTo, file, expiresAt) => {
        const d = { id: ++ids, schoolId, givenTo, nonce: `n${ids}`, expiresAt, file };
        w.downloads.push(d);
        return { id: d.id, nonce: d.nonce, expiresAt };
      },
      takeDownload: async (id, now, check) => {
        const d = w.downloads.find((x) => x.id === id);
        if (!d) return { ok: false, why: 'unknown' };
        const who = { schoolId: d.schoolId, givenTo: d.givenTo };
        if (!check(d)) return { ok: false, why: 'signature', ...who };
        if (d.usedAt) return { ok: false, why: 'used', ...who };
        if (d.expiresAt.getTime() <= now.getTime() || !d.file) return { ok: false, why: 'expired', ...who };
        const file = d.file;
        d.usedAt = now;
        delete d.file;
        return { ok: true, ...who, file };
      },
    },
    schools: {
      load: async (id) => { if (id !== school.id) throw new Error(`no school "${id}"`); return school; }, ids: async () => [school.id],
      setup: async () => {
        const roles: Partial<Record<Role, number>> = {};
        for (const st of w.staff) if (st.slackUserId || st.teamsAadObjectId) for (const r of new Set(st.grants.map((g) => g.role))) roles[r] = (roles[r] ?? 0) + 1;
        return { bound: [], years: [...new Set(w.pupils.map((p) => p.yearGroup))].sort((a, b) => a - b), roles, mis: null, slackWorkspace: MEMORY_WORKSPACE.slackTeamId, teamsTenant: MEMORY_WORKSPACE.teamsTenantId };
      },
    },
    roll: {
      onRoll: async (_s, date, f = {}) => w.pupils.filter((p) => onRoll(p, date) && inFilter(p, f)).sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName)),
      pupil: async (_s, id) => w.pupils.find((p) => p.id === id),
      contacts: async (_s, id) => w.contacts.filter((c) => c.pupilId === id).map(({ pupilId: _p, ...c }) => c),
      firstToCall: async (_s, ids) => new Map(ids.flatMap((id) => { const c = w.contacts.find((x) => x.pupilId === id && x.phone); if (!c) return []; const { pupilId: _p, ...rest } = c; return [[id, rest] as const]; })),
    },
    registers: {
      async load(_s, from, to, pupilIds) {
        const out = new Map<number, PupilRegister>();
        for (const [id, m] of w.marks) {
          if (pupilIds && !pupilIds.includes(id)) continue;
          const slots: number[] = [];
          const codes: number[] = [];
          for (const [slot, code] of m) if (slot >> 1 >= from && slot >> 1 <= to) { slots.push(slot); codes.push(CODE_INDEX.get(code)!); }
          if (slots.length) out.set(id, PupilRegister.fromPacked(slots, codes));
        }
        return out;
      },
      async withN(_s, from, to) {
        return [...w.marks].filter(([, m]) => [...m].some(([slot, code]) => code === 'N' && slot >> 1 >= from && slot >> 1 <= to)).map(([id]) => id);
      },
      async resolved(_s, date, session) {
        const out = new Map<number, { code: AttendanceCode; by: string; at: Date }>();
        for (const a of w.amendments) if (a.date === date && a.session === session && a.from === 'N' && a.to !== 'N') out.set(a.pupilId, { code: a.to, by: nameOf(a.by), at: new Date(`${date}T10:00:00Z`) });
        return out;
      },
      async session(_s, date, session) {
        const slot = slotOf(dayOf(date), session);
        const out = new Map<number, AttendanceCode>();
        for (const [id, m] of w.marks) { const c = m.get(slot); if (c) out.set(id, c); }
        return out;
      },
    },
    cases: {
      facts: async (_s, pupilIds) => new Map((pupilIds ?? w.pupils.map((p) => p.id)).map((id) => [id, facts(id)])),
      async meetingsDue(_s, upTo) {
        return w.meetings.filter((m) => m.status === 'booked' && m.at.getTime() <= upTo.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)
          .map((m) => ({ id: m.id, pupilId: m.pupilId, scheduledAt: m.at, attendees: m.attendees, status: 'booked' as const }));
      },
      async callsOn(_s, date, pupilIds) {
        const out = new Map<number, { at: Date; actorName: string; outcome: string }>();
        for (const a of w.actions) {
          if (a.kind !== 'call' || a.undone || !pupilIds.includes(a.pupilId) || a.day !== date) continue;
          out.set(a.pupilId, { at: a.at, actorName: nameOf(a.actor), outcome: a.outcome });
        }
        return out;
      },
      async pupilFile(_s, pupilId, recent) {
        const mine = w.actions.filter((a) => a.pupilId === pupilId);
        const contacts = w.contacts.filter((c) => c.pupilId === pupilId).map(({ pupilId: _p, ...c }) => c);
        if (mine.length === 0 && !w.meetings.some((m) => m.pupilId === pupilId)) return { facts: facts(pupilId), contacts };
        return { facts: facts(pupilId), contacts, file: {
          caseId: pupilId,
          entries: mine.slice().reverse().slice(0, recent).map((a) => ({ id: a.id, kind: a.kind, outcome: outcomeOf(a), summary: a.summary, ...(noteOf(a) ? { note: noteOf(a)! } : {}), actorName: nameOf(a.actor), at: a.at, staffId: a.actor.kind === 'staff' ? a.actor.staffId : null, ...(a.undone ? { undone: { by: nameOf(a.undone.by), reason: a.undone.reason } } : {}) })),
          meetingsToRecord: w.meetings.filter((m) => m.pupilId === pupilId && m.status === 'booked').sort((a, b) => a.at.getTime() - b.at.getTime()).map((m) => ({ id: m.id, scheduledAt: m.at, attendees: m.attendees, status: m.status })),
        } };
      },
      async record(_s, pupilId, actor, fn) {
        // work on copies; keep them only if the work finishes
        const staged = { actions: [] as MemoryAction[], amendments: [] as MemoryWorld['amendments'], notices: [] as MemoryWorld['notices'], steps: [] as MemoryWorld['stepsDone'], meetings: [] as MemoryWorld['meetings'], settled: [] as [number, MeetingResult, string | null, number | undefined][], later: [] as (() => void)[], ntis: [] as MemoryWorld['noticesToImprove'], audit: [] as AuditEntry[], marks: [] as [Slot, AttendanceCode][], decided: [] as [MemoryWorld['notices'][number], NoticeStatus, DayNumber][] };
        const tx: CaseTx = {
          caseId: pupilId,
          addAction: async (e) => { staged.actions.push({ ...e, id: ++ids, pupilId, actor, at: new Date(`${options.today ?? '2025-02-26'}T10:00:00Z`) }); },
          bookMeeting: async (at, attendees) => { const id = ++ids; staged.meetings.push({ id, pupilId, at, attendees, status: 'booked' }); return id; },
          meeting: async (id) => { const m = w.meetings.find((x) => x.id === id && x.pupilId === pupilId); return m ? { id: m.id, scheduledAt: m.at, attendees: m.attendees, status: m.status } : undefined; },
          settleMeeting: async (id, result, note, rebookedAs) => { staged.settled.push([id, result, note, rebookedAs]); },
          reopenMeeting: async (id) => { staged.later.push(() => { const m = w.meetings.find((x) => x.id === id && x.pupilId === pupilId); if (m) { m.status = 'booked'; delete m.note; delete m.rebookedAs; } }); },
          entry: async (id) => { const a = w.actions.find((x) => x.id === id && x.pupilId === pupilId); if (!a) return undefined; const { id: _i, pupilId: _p, actor, at, undone, ...event } = a; return { id, event: event as CaseEvent, staffId: actor.kind === 'staff' ? actor.staffId : null, at, undone: Boolean(undone) }; },
          undo: async (id, reason) => { staged.later.push(() => { const a = w.actions.find((x) => x.id === id && x.pupilId === pupilId); if (a && !a.undone) a.undone = { by: actor, reason }; }); },
          reopenStep: async (stepKey, day) => { staged.later.push(() => { for (const s of w.stepsDone) if (s.pupilId === pupilId && s.stepKey === stepKey && s.day === day) s.reopened = true; }); },
          withdrawNoticeToImprove: async (issuedOn) => { staged.later.push(() => { for (const n of w.noticesToImprove) if (n.pupilId === pupilId && n.issuedOn === issuedOn) n.withdrawn = true; }); },
          async amendUnexplained(date, code, reason) {
            const m = w.marks.get(pupilId) ?? new Map();
            let n = 0;
            for (const session of ['AM', 'PM'] as const) {
              const slot = slotOf(dayOf(date), session);
              if (m.get(slot) !== 'N') continue;
              staged.marks.push([slot, code]);
              staged.amendments.push({ pupilId, date, session, from: 'N', to: code, reason, by: actor });
              n++;
            }
            return n;
          },
          linkedSlots: async (contactId) => new Set(w.notices.filter((x) => x.pupilId === pupilId && x.contactId === contactId && holdsMarks(x)).flatMap((x) => x.slots)),
          requestPenaltyNotice: async (n) => { const id = ++ids; staged.notices.push({ id, pupilId, contactId: n.contactId, sequence: n.sequence, amountPence: n.amountPence, day: today(), slots: [...n.slots], status: 'requested' }); return id; },
          decidePenaltyNotice: async (id, status, day) => {
            const n = w.notices.find((x) => x.id === id && x.pupilId === pupilId);
            if (!n) return undefined;
            staged.decided.push([n, status, dayOf(day)]);
            return { id: n.id, contactId: n.contactId, status: n.status, requestedOn: n.day, ...(n.issuedOn !== undefined ? { issuedOn: n.issuedOn } : {}) };
          },
          issueNoticeToImprove: async (n) => { staged.ntis.push({ pupilId, endsOn: n.endsOn, issuedOn: n.issuedOn }); },
          recordStep: async (r) => { staged.steps.push({ pupilId, stepKey: r.stepKey, day: r.day, state: r.state, by: actor, ...(r.note ? { note: r.note } : {}) }); },
          markDraftsSent: async (wanted, stepKey, day) => {
            const marked = w.drafts.filter((d) => wanted.includes(d.id) && d.pupilId === pupilId && d.stepKey === stepKey && d.sentOn === null);
            staged.later.push(() => { for (const d of marked) Object.assign(d, { sentOn: day }); });
            return marked.map((d) => ({ ...d }));
          },
          audit: async (e) => { staged.audit.push(e); },
          claimSubmission: async (key) => { if (w.submissions.has(key)) return false; w.submissions.add(key); return true; },
          requestListRefresh: async () => undefined,
        };
        const r = await fn(tx);
        w.actions.push(...staged.actions); w.amendments.push(...staged.amendments); w.notices.push(...staged.notices); w.stepsDone.push(...staged.steps);
        for (const [n, status, day] of staged.decided) { n.status = status; if (status === 'issued') n.issuedOn = day; }
        w.meetings.push(...staged.meetings); w.noticesToImprove.push(...staged.ntis); w.audit.push(...staged.audit);
        for (const f of staged.later) f();
        for (const [id, result, note, rebookedAs] of staged.settled) Object.assign(w.meetings.find((m) => m.id === id)!, { status: result, note, ...(rebookedAs !== undefined ? { rebookedAs } : {}) });
        if (staged.marks.length) { const m = w.marks.get(pupilId)!; for (const [slot, code] of staged.marks) m.set(slot, code); }
        return r;
      },
    },
    flags: {
      async raise(f) {
        const existing = w.flags.find((x) => x.pupilId === f.pupilId && x.kind === f.kind && x.dateKey === f.dateKey);
        if (existing) return { id: existing.id, raised: false };
        const id = ++ids;
        w.flags.push({ id, pupilId: f.pupilId, kind: f.kind, dateKey: f.dateKey, summary: f.summary, level: 0, nextEscalationAt: f.nextEscalationAt });
        return { id, raised: true };
      },
      due: async (_s, now) => w.flags.filter((f) => !f.acknowledgedAt && f.nextEscalationAt <= now).map((f) => ({ ...f, raisedAt: new Date(`${f.dateKey.slice(0, 10)}T09:06:00Z`), pupil: w.pupils.find((p) => p.id === f.pupilId)! })),
      open: async () => w.flags.filter((f) => !f.acknowledgedAt).map((f) => ({ ...f, raisedAt: new Date(`${f.dateKey.slice(0, 10)}T09:06:00Z`), pupil: w.pupils.find((p) => p.id === f.pupilId)! })),
      async escalate(id, from, next) {
        const f = w.flags.find((x) => x.id === id && x.level === from && !x.acknowledgedAt);
        if (!f) return false;
        f.level = from + 1; f.nextEscalationAt = next;
        return true;
      },
      async acknowledge(_s, id, actor, what) {
        const f = w.flags.find((x) => x.id === id);
        if (!f) return undefined;
        if (!f.acknowledgedAt) { f.acknowledgedAt = new Date(); f.acknowledgedBy = actor; f.acknowledgedAction = what.action; f.acknowledgedNote = what.note; }
        return { id: f.id, level: f.level, summary: f.summary, acknowledgedAt: f.acknowledgedAt, acknowledgedBy: nameOf(f.acknowledgedBy!), acknowledgedAction: f.acknowledgedAction ?? null, acknowledgedNote: f.acknowledgedNote ?? null, pupil: w.pupils.find((p) => p.id === f.pupilId)! };
      },
      async get(_s, id) {
        const f = w.flags.find((x) => x.id === id);
        if (!f) return undefined;
        return { id: f.id, level: f.level, summary: f.summary, dateKey: f.dateKey, acknowledgedAt: f.acknowledgedAt ?? null, acknowledgedBy: f.acknowledgedBy ? nameOf(f.acknowledgedBy) : null, acknowledgedAction: f.acknowledgedAction ?? null, acknowledgedNote: f.acknowledgedNote ?? null, pupil: w.pupils.find((p) => p.id === f.pupilId)! };
      },
      forPupil: async (_s, pupilId, limit) => w.flags.filter((f) => f.pupilId === pupilId).reverse().slice(0, limit).map((f) => ({
        id: f.id, summary: f.summary, raisedAt: new Date(`${f.dateKey.slice(0, 10)}T09:06:00Z`), level: f.level, acknowledgedAt: f.acknowledgedAt ?? null,
        acknowledgedBy: f.acknowledgedBy ? nameOf(f.acknowledgedBy) : null, acknowledgedAction: f.acknowledgedAction ?? null, acknowledgedNote: f.acknowledgedNote ?? null,
      })),
    },
    misUpdates: { notUpdated: async () => [], corrected: async () => undefined },
    audit: { record: async (e) => { w.audit.push(e); } },
    staff: {
      resolve: async (who) => w.staff.filter((s) => (who.platform === 'slack'
        ? who.teamId === MEMORY_WORKSPACE.slackTeamId && s.slackUserId === who.userId
        : who.tenantId.toLowerCase() === MEMORY_WORKSPACE.teamsTenantId && s.teamsAadObjectId?.toLowerCase() === who.aadObjectId.toLowerCase())),
    },
    channels: {
      remember: async () => false,
      personalConversation: async () => undefined,
      bind: async () => undefined,
      targets: async () => [{ platform: 'slack', channelId: 'C0MEM' }],
      markDead: async () => undefined,
    },
  };
  w.deps = deps;
  w.mark = (pupilId, marks) => {
    const m = w.marks.get(pupilId) ?? new Map<Slot, AttendanceCode>();
    for (const x of marks) m.set(slotOf(dayOf(x.date), x.session), x.code);
    w.marks.set(pupilId, m);
  };
  return w;
}

/** A chat platform that keeps what it was sent. */
export function memoryPlatform(): ChatPlatform & { sent: { target: ChatTarget; title: string; key?: string; ref: string; card: Card }[] } {
  const sent: { target: ChatTarget; title: string; key?: string; ref: string; card: Card }[] = [];
  return {
    sent,
    async post(target, card, key) { const ref = `m${sent.length + 1}`; sent.push({ target, title: card.title, key, ref, card }); return ref; },
    async update(target, ref, card) { sent.push({ target, title: card.title, ref, card }); },
  };
}

/** What the alerts last announced, kept in memory as the PostgreSQL store keeps it (one row per school, kind and pupil). */
export function memoryAnnouncements(): Announcements {
  const rows = new Map<string, Map<number, AnnouncedState<string>>>();
  const of = (schoolId: string, kind: string) => rows.get(`${schoolId}|${kind}`) ?? rows.set(`${schoolId}|${kind}`, new Map()).get(`${schoolId}|${kind}`)!;
  return {
    last: async (schoolId, kind) => new Map(of(schoolId, kind)),
    save: async (schoolId, kind, saved) => { for (const { pupilId, ...r } of saved) of(schoolId, kind).set(pupilId, r); },
  };
}

/** When each job last finished, kept in memory as the PostgreSQL store keeps it (the latest finish wins). */
export function memoryJobRuns(): JobRuns {
  const runs = new Map<string, Map<string, Date>>();
  return {
    async finished(schoolId, kind, date, at) {
      const day = runs.get(`${schoolId}|${date}`) ?? runs.set(`${schoolId}|${date}`, new Map()).get(`${schoolId}|${date}`)!;
      const last = day.get(kind);
      if (!last || last < at) day.set(kind, at);
    },
    lastFinished: async (schoolId, date) => new Map(runs.get(`${schoolId}|${date}`) ?? []),
  };
}

/** Job deps over a memory world: delivery keeps its post log in the world too. */
export function memoryJobDeps(w: MemoryWorld, platform: ChatPlatform, now: Date): JobDeps {
  return {
    ...w.deps,
    platforms: { slack: platform },
    clock: { now: () => now },
    announcements: memoryAnnouncements(),
    jobRuns: memoryJobRuns(),
    posts: {
      async withPost(key, payload, act) {
        const k = [key.schoolId, key.kind, key.dateKey, key.session, key.target.platform, key.target.channelId].join('|');
        let row = w.posts.find((p) => p.key === k);
        const fresh = !row;
        if (!row) { row = { key: k, payload, sent: false, attempts: 0 }; w.posts.push(row); }
        const r = row;
        if (r.sentPayload !== payload) r.sent = false;
        r.payload = payload;
        return act({ fresh, ...(r.messageRef ? { messageRef: r.messageRef } : {}), shown: r.sent && r.sentPayload === payload, attempts: r.attempts, failed: false, since: now }, {
          sent: async (ref) => { r.sent = true; r.sentPayload = payload; if (ref) r.messageRef = ref; },
          found: async (ref) => { r.messageRef = ref; },
          failed: async (error) => { r.attempts++; r.lastError = error; },
        });
      },
      pending: async () => [],
      refreshesAsked: async () => [],
      refreshed: async () => undefined,
      wasSent: async () => false,
    },
  };
}

let nextPupil = 0;
export function pupil(p: Partial<PupilRecord> & Pick<PupilRecord, 'givenName' | 'familyName' | 'yearGroup'>): PupilRecord {
  const id = p.id ?? ++nextPupil + 100;
  return {
    id, upn: p.upn ?? `P${id}`, preferredName: null, regGroup: `${p.yearGroup}A`, admissionDate: '2024-09-02', leavingDate: null,
    pupilPremium: false, freeSchoolMeals: false, send: 'none', socialWorker: 'none', lookedAfter: 'none', youngCarer: false, ...p,
  };
}

export const officer: StaffMember = { id: 1, schoolId: 'mem', name: 'Asha Patel', grants: [{ role: 'attendance_officer' }], slackUserId: 'U1', teamsAadObjectId: null };
export const headOfYear9: StaffMember = { id: 2, schoolId: 'mem', name: 'Hugo Year', grants: [{ role: 'head_of_year', yearGroup: 9 }], slackUserId: 'U2', teamsAadObjectId: null };
export const dsl: StaffMember = { id: 3, schoolId: 'mem', name: 'Dana Lewis', grants: [{ role: 'dsl' }], slackUserId: 'U3', teamsAadObjectId: null };

/** A chat context for one person: their memberships (one school, or several), all on the same school day. */
export function chatAs(deps: AppDeps, staff: StaffMember | readonly StaffMember[], asOf: string, where?: string): ChatContext {
  const memberships = Array.isArray(staff) ? staff as readonly StaffMember[] : [staff as StaffMember];
  return { deps, staff: memberships[0]!, memberships, source: 'slack', asOf, asOfFor: async () => asOf, ...(where !== undefined ? { where } : {}) };
}
