/** What the Slack listeners share: the app's use cases, the school's day, and who is asking. */
import type { AppDeps, ChatContext } from '../../../app/deps.ts';
import type { StaffMember } from '../../../app/ports.ts';

export interface SlackDeps {
  readonly app: AppDeps;
  /** The school day the bot answers for (the school's civil date now). */
  readonly asOf: (schoolId: string) => Promise<string>;
}

export const staffOf = (deps: SlackDeps, userId: string) => deps.app.staff.resolve({ platform: 'slack', userId });

export async function chatContext(deps: SlackDeps, staff: StaffMember, where: string): Promise<ChatContext> {
  return { deps: deps.app, staff, source: 'slack', asOf: await deps.asOf(staff.schoolId), where };
}
