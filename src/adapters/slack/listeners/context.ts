/** What the Slack listeners share: the app's use cases, the school's day, and who is asking. */
import { type AppDeps, type ChatContext, chatContextOf } from '../../../app/deps.ts';
import type { StaffMember } from '../../../app/ports.ts';

export interface SlackDeps {
  readonly app: AppDeps;
  /** The school day the bot answers for (the school's civil date now). */
  readonly asOf: (schoolId: string) => Promise<string>;
}

export function chatContext(deps: SlackDeps, memberships: readonly StaffMember[], where: string): Promise<ChatContext> {
  return chatContextOf(deps.app, memberships, 'slack', deps.asOf, where);
}
