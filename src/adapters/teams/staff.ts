/**
 * Who is acting, resolved once per turn by a botbuilder middleware before the bot runs: the
 * person's memberships within the tenant the activity came from (empty when unknown, or when
 * the activity has no person, as a conversation update may not). The bot reads them from the
 * turn's state; each of its handlers answers an unknown person in its own way.
 */
import type { Middleware, TurnContext } from 'botbuilder';
import type { AppDeps } from '../../app/deps.ts';
import type { StaffMember } from '../../app/ports.ts';

const MEMBERSHIPS = Symbol('attendance memberships');

/** The tenant an activity came from (Teams sends it in both places). */
export const tenantOf = (context: TurnContext): string | undefined =>
  context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? undefined;

export function resolveStaffOnTurn(app: Pick<AppDeps, 'staff'>): Middleware {
  return {
    async onTurn(context, next) {
      const aad = context.activity.from?.aadObjectId;
      const tenantId = tenantOf(context);
      const memberships = aad && tenantId ? await app.staff.resolve({ platform: 'teams', aadObjectId: aad, tenantId }) : [];
      context.turnState.set(MEMBERSHIPS, memberships);
      await next();
    },
  };
}

/** The memberships the middleware resolved for this turn; empty when the person is unknown. */
export function membershipsOf(context: TurnContext): readonly StaffMember[] {
  const m = context.turnState.get(MEMBERSHIPS) as readonly StaffMember[] | undefined;
  if (!m) throw new Error('no staff resolved for this turn: resolveStaffOnTurn runs before the bot');
  return m;
}
