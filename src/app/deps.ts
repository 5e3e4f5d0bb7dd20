/** Every store a use case may need, as ports. The composition root (src/compose.ts) fills it in. */
import type { AuditLog, Cases, Channels, Clock, Flags, LetterFiles, Letters, MisUpdates, Schools, StaffDirectory, StaffMember } from './ports.ts';
import type { RollDeps } from './roll.ts';

export interface AppDeps extends RollDeps {
  /** What time it is (a meeting is held only once its time has come). */
  readonly clock: Clock;
  readonly schools: Schools;
  readonly cases: Cases;
  /** Marks amended from chat that the MIS does not show yet. */
  readonly misUpdates: MisUpdates;
  readonly flags: Flags;
  /** The school's letter templates, address and signatory. */
  readonly letters: Letters;
  /** Drafts as .docx, PDF and archives. */
  readonly letterFiles: LetterFiles;
  /**
   * Where the service is reached (a one-time download link starts with it) and the key its
   * links are signed with.
   */
  readonly downloadLinks: { readonly baseUrl: () => string; readonly key: Buffer };
  readonly audit: AuditLog;
  readonly staff: StaffDirectory;
  readonly channels: Channels;
  /**
   * Brings the day's shared posts (the unexplained-absence lists) up to date after casework
   * from chat, with only what everyone in their channels may see. Absent where nothing posts.
   */
  readonly sharedPosts?: {
    refresh(schoolId: string, date: string): Promise<void>;
    /** Brings a flag's posts in the safeguarding channel up to date (acknowledged, and by whom). */
    refreshFlag(schoolId: string, flagId: number): Promise<void>;
    /** Delivers the school's open flags to every DSL surface there is now (a DSL has just opened the bot). */
    deliverOpenFlags(schoolId: string, date: string): Promise<void>;
  };
}

/** Who is acting, from where: every use case started from chat takes this. */
export interface ChatContext {
  readonly deps: AppDeps;
  /** The membership acting: the school the action is about (the first one until that is known). */
  readonly staff: StaffMember;
  /** Every school where this person is staff, within their workspace or tenant (a trust: several). */
  readonly memberships: readonly StaffMember[];
  readonly source: 'slack' | 'teams';
  /** The school day it happens on, in the acting membership's school. */
  readonly asOf: string;
  /** The school day in another of the person's schools. */
  readonly asOfFor: (schoolId: string) => Promise<string>;
  /** Where in the chat it came from (channel, message), for the audit. */
  readonly where?: string;
  /** The submission's own key (Slack: the modal's view id and form; Teams: the activity id): a retried submission records once. */
  readonly submissionKey?: string;
}

/** The context acting as the person's membership of that school; undefined when they have none there. */
export async function inSchool(ctx: ChatContext, schoolId: string): Promise<ChatContext | undefined> {
  if (ctx.staff.schoolId === schoolId) return ctx;
  const staff = ctx.memberships.find((m) => m.schoolId === schoolId);
  return staff ? { ...ctx, staff, asOf: await ctx.asOfFor(schoolId) } : undefined;
}

/** A chat context for a person's memberships (non-empty), acting first as the first of them. */
export async function chatContextOf(deps: AppDeps, memberships: readonly StaffMember[], source: ChatContext['source'],
  asOfFor: (schoolId: string) => Promise<string>, where?: string): Promise<ChatContext> {
  const staff = memberships[0]!;
  return { deps, staff, memberships, source, asOf: await asOfFor(staff.schoolId), asOfFor, ...(where !== undefined ? { where } : {}) };
}
