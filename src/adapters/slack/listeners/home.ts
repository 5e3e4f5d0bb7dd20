/**
 * The App Home tab: each person's day (`today`), published when they open it and again after
 * they record something from chat, so what is theirs to do stays true. Read through `ask`, so
 * it is audited like every query; an unknown person is told so there (staff.ts).
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { resultCard } from '../../../../cards/attendance.ts';
import type { StaffMember } from '../../../app/ports.ts';
import { ask } from '../../../app/use-cases/ask.ts';
import { toHomeView } from '../blocks.ts';
import { chatContext, type SlackDeps } from './context.ts';
import type { Client } from './replace.ts';
import { membershipsOf } from './staff.ts';

export async function publishHome(deps: SlackDeps, client: Client, userId: string, memberships: readonly StaffMember[]): Promise<void> {
  const ctx = await chatContext(deps, memberships, `slack:home/${userId}`);
  await client.views.publish({ user_id: userId, view: toHomeView(resultCard(await ask(ctx, 'today'))) });
}

/** After a person records something: their Home tab brought up to date, without failing what they did. */
export async function refreshHome(deps: SlackDeps, client: Client, userId: string, memberships: readonly StaffMember[]): Promise<void> {
  await publishHome(deps, client, userId, memberships).catch((err: unknown) => {
    process.stderr.write(`slack: could not refresh the Home tab of ${userId}: ${err instanceof Error ? err.message : String(err)}\n`);
  });
}

export function homeOpened(deps: SlackDeps) {
  return async ({ event, client, context }: Pick<SlackEventMiddlewareArgs<'app_home_opened'>, 'event'> & Pick<AllMiddlewareArgs, 'context'> & { client: Client }) => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user, membershipsOf(context));
  };
}
