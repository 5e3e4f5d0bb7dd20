/**
 * What the use cases need from the outside world, as interfaces. `src/adapters/db`
 * implements the stores with PostgreSQL; the chat adapters implement `ChatPlatform`;
 * tests implement them in memory. Nothing here knows SQL, Slack or Teams.
 */
import type { Card } from '../../cards/model.ts';
import type { RoleGrant } from '../domain/access.ts';
import type { SchoolCalendar } from '../domain/calendar.ts';
import type { AttendanceCode } from '../domain/codes.ts';
import type { DayNumber, Session, Slot } from '../domain/dates.ts';
import type { EscalationPolicy } from '../domain/flags.ts';
import type { AnnouncedState } from '../domain/announce.ts';
import type { ConversationKind } from '../domain/audience.ts';
import type { Ladder, StepRecord } from '../domain/ladder.ts';
import type { NoticeRecord, NoticeStatus, PenaltyRules } from '../domain/penalty.ts';
import type { PupilRegister } from '../domain/register.ts';
import type { RollImportRow, StaffImportRow } from './imports/rows.ts';

export type { Clock } from '../config/clock.ts';

/** A school's settings as the rules need them. */
export interface SchoolContext {
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
  readonly calendar: SchoolCalendar;
  readonly ladder: Ladder;
  readonly penaltyRules: PenaltyRules;
  /** The school's own escalation policy, where it set one. */
  readonly escalation?: EscalationPolicy;
}

/** A pupil on a school's roll, as the use cases read it. */
export interface PupilRecord {
  readonly id: number;
  readonly upn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly preferredName: string | null;
  readonly yearGroup: number;
  readonly regGroup: string;
  /** YYYY-MM-DD */
  readonly admissionDate: string;
  readonly leavingDate: string | null;
  readonly pupilPremium: boolean;
  readonly send: string;
  readonly socialWorker: 'none' | 'child_in_need' | 'child_protection';
  readonly lookedAfter: 'none' | 'looked_after' | 'previously_looked_after';
  readonly youngCarer: boolean;
}

/** A member of staff of one school, resolved from a chat identity (a person may be one in several schools). */
export interface StaffMember {
  readonly id: number;
  readonly schoolId: string;
  readonly name: string;
  readonly grants: readonly RoleGrant[];
  readonly slackUserId: string | null;
  readonly teamsAadObjectId: string | null;
}

export interface Schools {
  /** Throws when there is no such school. */
  load(schoolId: string): Promise<SchoolContext>;
  ids(): Promise<string[]>;
}

/** Which pupils on roll: all, some by id, a year, a form, a UPN, within a member of staff's scope. */
export interface RollFilter {
  readonly ids?: readonly number[];
  readonly yearGroup?: number;
  readonly regGroup?: string;
  readonly upn?: string;
  /** Only the years and forms a member of staff sees (undefined: the whole school). */
  readonly scope?: { readonly years: readonly number[]; readonly forms: readonly string[] };
}

export interface Roll {
  /** Pupils on roll on the date (admitted on or before it, not left before it), in name order. */
  onRoll(schoolId: string, date: string, filter?: RollFilter): Promise<PupilRecord[]>;
  pupil(schoolId: string, pupilId: number): Promise<PupilRecord | undefined>;
  /** The pupil's contacts from the roll import, in the school's order (first to call first). */
  contacts(schoolId: string, pupilId: number): Promise<ContactRecord[]>;
}

export interface ContactRecord {
  readonly id: number;
  readonly name: string;
  readonly relationship: string;
  readonly parentalResponsibility: boolean;
  /** Has care of the child: a parent in law without parental responsibility (s576). */
  readonly care: boolean;
  readonly phone: string | null;
}

export interface Registers {
  /** Each pupil's marks between two days (inclusive). */
  load(schoolId: string, from: DayNumber, to: DayNumber, pupilIds?: readonly number[]): Promise<Map<number, PupilRegister>>;
  /** The codes taken for one session, by pupil. */
  session(schoolId: string, date: string, session: Session): Promise<Map<number, AttendanceCode>>;
}

/** What casework already holds, by pupil: the facts the rules need besides the register. */
export interface CaseFacts {
  /** Slots linked to a penalty notice, by the parent it named (0: none named): they count towards no other notice to that parent. */
  readonly linkedByParent: ReadonlyMap<number, ReadonlySet<Slot>>;
  /** The pupil's parents for a notice (parental responsibility or care of the child), by contact id. */
  readonly parents: readonly number[];
  /** Ladder steps recorded on the pupil's cases (done or not needed), oldest first; re-arming is the rules' to judge. */
  readonly steps: readonly StepRecord[];
  /** Reviews set by casework (a plan, a contract, a notice to improve) not yet recorded as held. */
  readonly reviews: readonly ReviewDue[];
  /** The last day contact with the family was recorded. */
  readonly lastContact?: DayNumber;
  /** Penalty notices requested for the pupil, each with its parent, status and days (src/domain/penalty.ts). */
  readonly notices: readonly NoticeRecord[];
}

/** A review set by casework: due on its day, until a review is recorded for it. */
export interface ReviewDue {
  /** The case action that set it. */
  readonly actionId: number;
  /** The kind of casework that set it: `support-plan`, `attendance-contract`, `notice-to-improve`. */
  readonly kind: string;
  readonly title: string;
  readonly on: DayNumber;
}

export interface CaseHistory {
  facts(schoolId: string, pupilIds?: readonly number[]): Promise<Map<number, CaseFacts>>;
}

/** Who did what, when and from where; refusals too. */
export interface AuditEntry {
  readonly schoolId?: string;
  /** A staff id (`staff:12`), an API key (`api-key:3`), `cli:<user>` or `system`. */
  readonly actor: string;
  /** slack, teams, cli, api, job */
  readonly source: string;
  readonly action: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly detail?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** Where a shared post goes on one platform: a Slack channel, or a stored Teams conversation. */
export interface ChatTarget {
  readonly platform: 'slack' | 'teams';
  readonly channelId: string;
  /** The Teams conversation reference to post into. */
  readonly reference?: Readonly<Record<string, unknown>>;
}

/**
 * One chat platform, as delivery sees it: post, update in place, and (where the platform
 * can) find a post by its delivery key, so a post taken just before a crash is not repeated.
 */
export interface ChatPlatform {
  /** Throws a DeliveryFailure (src/app/delivery-failure.ts) saying whether trying again can help. */
  post(target: ChatTarget, card: Card, key: string): Promise<string | undefined>;
  update(target: ChatTarget, messageRef: string, card: Card): Promise<void>;
  /** The message posted with this key since `since` (an earlier attempt whose answer was lost), if any. */
  findByKey?(target: ChatTarget, key: string, since: Date): Promise<string | undefined>;
}

export type ChatPlatforms = Partial<Record<ChatTarget['platform'], ChatPlatform>>;

export type { Purpose } from '../domain/audience.ts';
import type { Purpose } from '../domain/audience.ts';

export interface ChannelBinding {
  readonly schoolId: string;
  readonly target: ChatTarget;
  readonly purpose: Purpose;
  readonly yearGroup?: number;
}

export interface Channels {
  /** Keeps a Teams conversation the bot was spoken to in, so the jobs can post there later; true when it is new. */
  remember(c: { conversationId: string; kind: ConversationKind; reference: Readonly<Record<string, unknown>>; tenantId?: string; aadObjectId?: string }): Promise<boolean>;
  /** The person's own (personal) Teams conversation with the bot in that tenant, if they have one. */
  personalConversation(tenantId: string, aadObjectId: string): Promise<Readonly<Record<string, unknown>> | undefined>;
  /** Makes `target` the one channel of its platform for the purpose (and year), replacing any other, in one transaction. */
  bind(binding: ChannelBinding): Promise<void>;
  /**
   * Where a post for a purpose goes: the school's configured channels; for Teams, when no
   * channel is configured, the personal conversations of the staff who hold the role, in the
   * school's own tenant.
   */
  targets(schoolId: string, purpose: Purpose, yearGroup?: number): Promise<ChatTarget[]>;
  /** Teams said the conversation is gone (403/404): it is no longer a target. */
  markDead(conversationId: string): Promise<void>;
}

/** The key of one post in one channel: at most one message per key. */
export interface PostKey {
  readonly schoolId: string;
  readonly kind: string;
  readonly dateKey: string;
  readonly session: string;
  readonly target: ChatTarget;
}

export interface PostRow {
  /** Created by this call (no earlier attempt). */
  readonly fresh: boolean;
  /** The message the platform holds for it, once posted (or found). */
  readonly messageRef?: string;
  /** The platform shows the payload given: nothing to do. */
  readonly shown: boolean;
  /** Attempts that failed before this one. */
  readonly attempts: number;
  /** It failed for good (a permanent error): it is not tried again. */
  readonly failed: boolean;
  /** When it was first stored: a look-up for a post whose answer was lost starts there. */
  readonly since: Date;
}

export interface PostLog {
  /**
   * Stores the post (created pending when new; a new payload for one already shown makes it
   * pending again: an update to make), claims it for a short lease, and runs `act` outside any
   * transaction: two workers never send the same post, and no connection is held while the
   * platform answers. `act` is not run while another worker holds the lease, nor when a newer
   * payload was stored meanwhile (its writer sends it): `busy` comes back instead. Each record
   * call is one statement and lets go of the lease.
   */
  withPost<T>(key: PostKey, payload: string, act: (row: PostRow, record: {
    /** The platform shows the payload now (posted, or updated); a message reference when there is one. */
    sent(messageRef: string | undefined): Promise<void>;
    /** A look-up found the message an earlier attempt posted. */
    found(messageRef: string): Promise<void>;
    /** The attempt failed: kept pending to try again at `retryAt`, or failed for good. */
    failed(error: string, retryAt: Date | undefined): Promise<void>;
  }) => Promise<T>): Promise<T | 'busy'>;
  /** The school's posts still pending whose next attempt is due (not older than `since`), oldest first. */
  pending(schoolId: string, now: Date, since: Date): Promise<PendingPost[]>;
  /** Whether any post of this kind for the date and session was sent. */
  wasSent(schoolId: string, kind: string, dateKey: string, session: string): Promise<boolean>;
  /** The days whose shared lists casework asked to bring up to date, and when it last asked. */
  refreshesAsked(schoolId: string): Promise<{ date: string; at: Date }[]>;
  /** The lists of that day are up to date with every request made by `upTo`. */
  refreshed(schoolId: string, date: string, upTo: Date): Promise<void>;
}

/** A post the outbox still has to send: its key, where it goes and what it says. */
export interface PendingPost {
  readonly kind: string;
  readonly dateKey: string;
  readonly session: string;
  readonly target: ChatTarget;
  readonly payload: string;
  readonly attempts: number;
}

export interface FlagToRaise {
  readonly schoolId: string;
  readonly pupilId: number;
  readonly kind: string;
  readonly dateKey: string;
  readonly summary: string;
  readonly nextEscalationAt: Date;
}

export interface OpenFlag {
  readonly id: number;
  readonly level: number;
  readonly summary: string;
  readonly dateKey: string;
  readonly nextEscalationAt: Date;
  readonly pupil: Pick<PupilRecord, 'givenName' | 'familyName' | 'preferredName' | 'regGroup'> & { readonly upn?: string };
}

/** When each job last finished for a school and a day: what the healing check reads. */
export interface JobRuns {
  finished(schoolId: string, kind: string, date: string, at: Date): Promise<void>;
  /** The latest finish of each kind of job for the school and day. */
  lastFinished(schoolId: string, date: string): Promise<Map<string, Date>>;
}

/** What an alert announces about a pupil: whether the penalty threshold is met, their absence status. */
export type AnnouncedKind = 'penalty-threshold' | 'absence-status';

/** What the alerts last told staff about each pupil (src/domain/announce.ts decides from it). */
export interface Announcements {
  last(schoolId: string, kind: AnnouncedKind): Promise<Map<number, AnnouncedState<string>>>;
  save(schoolId: string, kind: AnnouncedKind, rows: readonly (AnnouncedState<string> & { readonly pupilId: number })[]): Promise<void>;
}

export interface Flags {
  /** Raises a flag once per (pupil, kind, dateKey); `raised` is false when it already existed. */
  raise(flag: FlagToRaise): Promise<{ id: number; raised: boolean }>;
  /** Unacknowledged flags whose escalation time has come. */
  due(schoolId: string, now: Date): Promise<OpenFlag[]>;
  /** Moves a flag up one level unless it was acknowledged or moved meanwhile. */
  escalate(flagId: number, fromLevel: number, nextEscalationAt: Date): Promise<boolean>;
  /** Records the first acknowledgement of a school's flag (a second keeps the first); undefined when not the school's. */
  acknowledge(schoolId: string, flagId: number, actor: string, what: { action: string; note: string | null }): Promise<AcknowledgedFlag | undefined>;
  /** One of the school's flags as it stands. */
  get(schoolId: string, flagId: number): Promise<(AcknowledgedFlagView & { readonly dateKey: string }) | undefined>;
  /** The school's flags not yet acknowledged, oldest first, with when each was raised. */
  open(schoolId: string): Promise<(OpenFlag & { readonly raisedAt: Date })[]>;
  /** The pupil's flags not yet acknowledged, for the DSL's view of the pupil. */
  openFor(schoolId: string, pupilId: number): Promise<{ id: number; summary: string; raisedAt: Date; level: number }[]>;
}

/**
 * A chat identity with the workspace (Slack `team_id`) or tenant (Teams) it came from: the same
 * user id means the same person only within one workspace or tenant.
 */
export type ChatIdentity =
  | { readonly platform: 'slack'; readonly userId: string; readonly teamId: string }
  | { readonly platform: 'teams'; readonly aadObjectId: string; readonly tenantId: string };

export interface StaffDirectory {
  /**
   * The person's memberships: one per school whose workspace or tenant is the identity's and
   * whose staff list names them (a trust's schools may share one). Empty: unknown here.
   */
  resolve(who: ChatIdentity): Promise<readonly StaffMember[]>;
  /** A staff actor (`staff:12`) as a name, for cards. */
  nameOf(actor: string): Promise<string>;
}

/** One entry of a pupil's case, newest first. */
export interface CaseEntry {
  readonly kind: string;
  readonly outcome: string | null;
  readonly summary: string;
  /** The note typed with it. */
  readonly note?: string;
  readonly actorName: string;
  readonly at: Date;
}

/** The open case of a pupil, as a card shows it. */
export interface CaseFile {
  readonly caseId: number;
  readonly entries: readonly CaseEntry[];
  readonly meetingsToRecord: readonly { id: number; scheduledAt: Date; attendees: string }[];
}

/** Writes to one pupil's open case, all in one transaction with its audit entry. */
export interface CaseTx {
  readonly caseId: number;
  addAction(a: { kind: string; actor: string; detail: Record<string, unknown>; outcome?: string | null; reviewOn?: string | null; reviewOf?: number }): Promise<void>;
  bookMeeting(at: Date, attendees: string, bookedBy: string): Promise<void>;
  /** False when the meeting is not on this case. */
  holdMeeting(meetingId: number, outcome: string): Promise<boolean>;
  /** Amends the day's sessions still `N` to `code`, keeping each original with the reason; returns how many. */
  amendUnexplained(date: string, code: AttendanceCode, reason: string, amendedBy: string, source: string): Promise<number>;
  /** Slots of this pupil already linked to a penalty notice to this parent, read within the transaction. */
  linkedSlots(contactId: number): Promise<Set<Slot>>;
  requestPenaltyNotice(n: { contactId: number; sequence: number; amountPence: number; requestedBy: string; slots: readonly Slot[]; day: string }): Promise<number>;
  /**
   * Records the LA's decision on a penalty notice of this pupil (issued on a day, paid, withdrawn,
   * refused, referred for prosecution); a notice refused or withdrawn lets go of its marks. Returns
   * the notice as it was, or undefined when it is not this pupil's.
   */
  decidePenaltyNotice(noticeId: number, status: NoticeStatus, day: string, note: string | null): Promise<NoticeRecord | undefined>;
  issueNoticeToImprove(n: { issuedOn: string; endsOn: string; support: string; improvement: string; issuedBy: string }): Promise<void>;
  /** Claims a submission's key in this transaction; false when it was recorded already (a retried submission). */
  claimSubmission(key: string): Promise<boolean>;
  /** Asks, in this transaction, for the day's shared lists to be brought up to date (the outbox does it if nothing else does). */
  requestListRefresh(date: string): Promise<void>;
  /** Records a ladder step done on a day (or judged not needed), by whom: it is no longer due until the ladder re-arms it. */
  recordStep(r: { stepKey: string; rungKey: string; state: StepRecord['state']; day: string; by: string; note?: string }): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}

/** The last call logged for a pupil on a day: what a shared list may show of it (no reason, no note). */
export interface CallLogged {
  readonly at: Date;
  readonly actorName: string;
  readonly outcome: string;
}

export interface Cases extends CaseHistory {
  /** The latest call logged on the day for each of the pupils. */
  callsOn(schoolId: string, date: string, pupilIds: readonly number[]): Promise<Map<number, CallLogged>>;
  /** One pupil's facts and open case together (a card needs both). */
  /** A pupil card's reading, in one round trip: the case facts, the open case and the contacts (as `Roll.contacts`). */
  pupilFile(schoolId: string, pupilId: number, recentEntries: number): Promise<{ facts: CaseFacts; file?: CaseFile; contacts: ContactRecord[] }>;
  /** Runs `fn` on the pupil's open case (opened if none), in one transaction. */
  record<T>(schoolId: string, pupilId: number, fn: (tx: CaseTx) => Promise<T>): Promise<T>;
  /** Marks amended from chat that the MIS does not show yet, oldest first. */
  misNotUpdated(schoolId: string): Promise<MisNotUpdated[]>;
  /** Someone confirms the MIS now shows it; false when it is not the school's or already resolved. */
  misCorrected(schoolId: string, id: number, by: string): Promise<MisNotUpdated | undefined>;
}

/** A mark amended from chat that the MIS does not show yet. */
export interface MisNotUpdated {
  readonly id: number;
  readonly pupilId: number;
  readonly pupilName: string;
  readonly upn: string;
  readonly date: string;
  readonly session: Session;
  readonly misCode: string;
  readonly chatCode: string;
  readonly amendedBy: string;
  /** Written back through the MIS connector, or why it could not be (null: not attempted). */
  readonly writeBack?: string | null;
}

/** A flag, acknowledged or not. */
export interface AcknowledgedFlagView {
  readonly id: number;
  readonly level: number;
  readonly summary: string;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAction: string | null;
  readonly acknowledgedNote: string | null;
  readonly pupil: Pick<PupilRecord, 'givenName' | 'familyName' | 'preferredName' | 'regGroup'> & { readonly upn?: string };
}

/** A flag once acknowledged: who and when are known. */
export type AcknowledgedFlag = AcknowledgedFlagView & { readonly acknowledgedAt: Date; readonly acknowledgedBy: string };

/** A register's marks, packed: one entry per session, by pupil id. */
export interface MarkRows {
  readonly pupilIds: ArrayLike<number>;
  readonly slots: ArrayLike<number>;
  readonly codes: ArrayLike<number>;
}

export interface ImportMeta {
  readonly schoolId: string;
  readonly actor: string;
  readonly source: string;
  readonly fileName: string;
  /** The reason written on each amendment, e.g. `import`. */
  readonly reason: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface MarkCounts {
  readonly rows: number;
  readonly inserted: number;
  readonly amended: number;
  readonly unchanged: number;
  /** Sessions amended from chat where the file still carries the MIS's earlier code: kept, and listed. */
  readonly misNotUpdated: number;
}

export interface RollCounts { readonly rows: number; readonly inserted: number; readonly updated: number; readonly contacts: number }
export interface StaffCounts { readonly rows: number; readonly inserted: number; readonly updated: number }

/** Where imports land: each write all-or-nothing, in one transaction with its audit entry. */
export interface ImportStore {
  schoolExists(schoolId: string): Promise<boolean>;
  /** The school's pupils, by UPN. */
  pupilIds(schoolId: string): Promise<Map<string, number>>;
  writeMarks(marks: MarkRows, meta: ImportMeta): Promise<MarkCounts>;
  writeRoll(schoolId: string, rows: readonly RollImportRow[], meta: Pick<ImportMeta, 'actor' | 'source' | 'fileName'>): Promise<RollCounts>;
  writeStaff(schoolId: string, rows: readonly StaffImportRow[], meta: Pick<ImportMeta, 'actor' | 'source' | 'fileName'>): Promise<StaffCounts>;
}

/** What a register import needs of the store: a process importing a register loads no more. */
export type RegisterImportStore = Pick<ImportStore, 'schoolExists' | 'pupilIds' | 'writeMarks'>;

/** One pupil as the MIS gives it: its own id, and the roll import's fields as text (validated like a file's rows). */
export interface MisPupil {
  readonly ref: string;
  /** How the MIS names the pupil, for a problem's message. */
  readonly label: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** One of the MIS's attendance codes: its id, its letter and, where the MIS gives it, the DfE code it stands for. */
export interface MisCode {
  readonly ref: string;
  readonly code: string;
  readonly description: string;
  readonly dfeCode?: string;
}

/** One session's mark as the MIS gives it. */
export interface MisMark {
  readonly studentRef: string;
  readonly date: string;
  readonly session: Session;
  readonly codeRef: string;
}

/** A code changed from chat, written back to the MIS. */
export interface MisWrite {
  readonly studentRef: string;
  readonly date: string;
  readonly session: Session;
  readonly codeRef: string;
  readonly comment: string;
}

/**
 * A school's MIS, read (and written back to) through an aggregator. Throws MisError: permanent
 * (the token refused, the school not shared) or not.
 */
export interface MisSource {
  readonly provider: string;
  pupils(misSchoolId: string, since: Date | undefined, onPage?: (rows: number) => void): Promise<MisPupil[]>;
  /** The school's own attendance codes and the MIS's global list (the school's first). */
  codes(misSchoolId: string): Promise<MisCode[]>;
  marks(misSchoolId: string, since: Date | undefined, onPage?: (rows: number) => void): Promise<MisMark[]>;
  /** Staff as the MIS names them, with their email (roles are the school's own staff import). */
  employees(misSchoolId: string, since: Date | undefined): Promise<{ readonly ref: string; readonly name: string; readonly email?: string }[]>;
  writeBack(misSchoolId: string, marks: readonly MisWrite[]): Promise<void>;
}

export class MisError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
    this.name = 'MisError';
  }
}

export interface MisConnectionRow {
  readonly schoolId: string;
  readonly provider: string;
  readonly misSchoolId: string;
  readonly writeBack: boolean;
}

export type MisResource = 'students' | 'attendance' | 'employees';

export interface MisSyncStateRow {
  readonly resource: MisResource | string;
  readonly cursor: Date | null;
  readonly lastSyncAt: Date | null;
  readonly lastRows: number;
  readonly lastError: string | null;
}

/** A change from chat the MIS does not show yet, to write back. */
export interface MisToWrite {
  readonly id: number;
  readonly upn: string;
  readonly date: string;
  readonly session: Session;
  readonly chatCode: string;
  readonly reason: string;
  readonly amendedBy: string;
}

export interface MisStore {
  connection(schoolId: string): Promise<MisConnectionRow | undefined>;
  connect(c: MisConnectionRow, who: { actor: string; source: string }): Promise<void>;
  connectedSchools(): Promise<MisConnectionRow[]>;
  state(schoolId: string): Promise<MisSyncStateRow[]>;
  setState(schoolId: string, resource: MisResource, s: { cursor?: Date; lastSyncAt: Date; lastRows: number; lastError: string | null }): Promise<void>;
  rememberStudents(schoolId: string, students: readonly { ref: string; upn: string }[]): Promise<void>;
  /** The MIS's pupil ids, by UPN, and back. */
  students(schoolId: string): Promise<{ byRef: Map<string, string>; byUpn: Map<string, string> }>;
  /** Names of the school's staff, matched by email, as the MIS has them; returns how many changed. Roles are untouched. */
  staffNames(schoolId: string, employees: readonly { name: string; email: string }[], who: { actor: string; source: string }): Promise<number>;
  toWriteBack(schoolId: string): Promise<MisToWrite[]>;
  writtenBack(ids: readonly number[], error?: string): Promise<void>;
  /** Takes the school's sync lease until `until`; false when another sync holds it. */
  claimSync(schoolId: string, until: Date): Promise<boolean>;
  releaseSync(schoolId: string): Promise<void>;
}
