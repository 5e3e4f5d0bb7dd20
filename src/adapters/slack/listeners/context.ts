/** What the Slack listeners share: the app's use cases, the school's day, and who is asking. */
import { type AppDeps, type ChatContext, chatContextOf } from '../../../app/deps.ts';
import type { StaffMember } from '../../../app/ports.ts';

export interface SlackDeps {
  readonly app: AppDeps;
  /** The school day the bot answers for (the school's civil date now). */
  readonly asOf: (schoolId: string) => Promise<string>;
}

/**
 * The person's memberships, resolved within the workspace the request came from (Slack's
 * `team_id`; for a user of an Enterprise Grid org, their own workspace): empty when unknown.
 */
export const staffOf = (deps: SlackDeps, userId: string, teamId: string | undefined | null): Promise<readonly StaffMember[]> =>
  teamId ? deps.app.staff.resolve({ platform: 'slack', userId, teamId }) : Promise.resolve([]);

/** The workspace of an interaction payload: the user's own team, else the payload's. */
export const teamOf = (body: { user?: { team_id?: string }; team?: { id?: string } | null }): string | undefined =>
  body.user?.team_id ?? body.team?.id ?? undefined;

export function chatContext(deps: SlackDeps, memberships: readonly StaffMember[], where: string): Promise<ChatContext> {
  return chatContextOf(deps.app, memberships, 'slack', deps.asOf, where);
}
