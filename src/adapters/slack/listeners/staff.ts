/**
 * Who is asking, resolved once per request by a Bolt middleware before any listener runs: the
 * person's memberships within the workspace the request came from (Slack's `team_id`; for a
 * user of an Enterprise Grid org, their own workspace). An unknown person is answered here, in
 * the request's own way, and no listener runs; a listener reads the memberships from Bolt's
 * context and always finds some.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Context } from '@slack/bolt';
import { toHomeView, toSlackMessage } from '../blocks.ts';
import { messageCard } from '../../../../cards/attendance.ts';
import type { StaffMember } from '../../../app/ports.ts';
import { UNKNOWN_USER } from '../../../app/use-cases/ask.ts';
import type { SlackDeps } from './context.ts';

const MEMBERSHIPS = 'attendanceMemberships';

/** The identity of a request: a slash command's fields, an interaction's user and team, or an event's user in its team. */
function identityOf(body: Record<string, unknown>): { userId: string; teamId: string | undefined } | undefined {
  if (typeof body.user_id === 'string') return { userId: body.user_id, teamId: typeof body.team_id === 'string' && body.team_id ? body.team_id : undefined };
  if (body.type === 'event_callback') {
    const event = body.event as { type?: unknown; user?: unknown } | undefined;
    if (event?.type !== 'app_home_opened' || typeof event.user !== 'string') return undefined;
    return { userId: event.user, teamId: typeof body.team_id === 'string' && body.team_id ? body.team_id : undefined };
  }
  const user = body.user as { id?: unknown; team_id?: unknown } | undefined;
  if (typeof user?.id !== 'string') return undefined;
  const team = (typeof user.team_id === 'string' ? user.team_id : undefined) ?? (body.team as { id?: string } | null | undefined)?.id;
  return { userId: user.id, teamId: team || undefined };
}

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

/** Tells an unknown person so, the way the request is answered: nothing about any pupil. */
async function refuseUnknown(args: Args): Promise<void> {
  const body = args.body as Record<string, unknown>;
  const ack = 'ack' in args ? (args.ack as (r?: unknown) => Promise<void>) : undefined;
  const respond = 'respond' in args ? (args.respond as ((m: Record<string, unknown>) => Promise<unknown>) | undefined) : undefined;
  if (body.type === 'event_callback') {
    // the Home tab: the person is told there, and nothing else
    const user = (body.event as { user: string }).user;
    await args.client.views.publish({ user_id: user, view: toHomeView(messageCard('Attendance', UNKNOWN_USER)) });
  } else if (typeof body.command === 'string') {
    await ack?.({ response_type: 'ephemeral', ...toSlackMessage(messageCard('Attendance', UNKNOWN_USER)) });
  } else if (body.type === 'view_submission') {
    const blocks = ((body.view as { blocks?: { type: string; block_id?: string }[] } | undefined)?.blocks ?? []);
    await ack?.({ response_action: 'errors', errors: { [blocks.find((b) => b.type === 'input')?.block_id ?? 'form']: UNKNOWN_USER } });
  } else {
    await ack?.();
    await respond?.({ response_type: 'ephemeral', replace_original: false, text: UNKNOWN_USER });
  }
}

export function resolveStaff(deps: SlackDeps) {
  return async (args: Args): Promise<void> => {
    const who = identityOf(args.body as Record<string, unknown>);
    if (!who) { await args.next(); return; } // not a person's request (none of ours reaches a listener without one)
    const memberships = who.teamId ? await deps.app.staff.resolve({ platform: 'slack', userId: who.userId, teamId: who.teamId }) : [];
    if (memberships.length === 0) { await refuseUnknown(args); return; }
    args.context[MEMBERSHIPS] = memberships;
    await args.next();
  };
}

/** The memberships the middleware resolved for this request (never empty). */
export function membershipsOf(context: Context): readonly StaffMember[] {
  const m = context[MEMBERSHIPS] as readonly StaffMember[] | undefined;
  if (!m || m.length === 0) throw new Error('no member of staff on the request: resolveStaff runs before every listener');
  return m;
}

/** A Bolt context carrying memberships, as the middleware leaves it (for tests that call a listener directly). */
export const contextWith = (memberships: readonly StaffMember[]): Context => ({ [MEMBERSHIPS]: memberships, isEnterpriseInstall: false });
