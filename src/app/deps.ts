/** Every store a use case may need, as ports. The composition root (src/compose.ts) fills it in. */
import type { AuditLog, Cases, Channels, Flags, Schools, StaffDirectory, StaffMember } from './ports.ts';
import type { RollDeps } from './roll.ts';

export interface AppDeps extends RollDeps {
  readonly schools: Schools;
  readonly cases: Cases;
  readonly flags: Flags;
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
  };
}

/** Who is acting, from where: every use case started from chat takes this. */
export interface ChatContext {
  readonly deps: AppDeps;
  readonly staff: StaffMember;
  readonly source: 'slack' | 'teams';
  /** The school day it happens on. */
  readonly asOf: string;
  /** Where in the chat it came from (channel, message), for the audit. */
  readonly where?: string;
}
