/** Staff: who a chat identity is, in which schools, with which roles. */
import type { RoleGrant } from '../../domain/access.ts';

/** A member of staff of one school, resolved from a chat identity (a person may be one in several schools). */
export interface StaffMember {
  readonly id: number;
  readonly schoolId: string;
  readonly name: string;
  readonly grants: readonly RoleGrant[];
  readonly slackUserId: string | null;
  readonly teamsAadObjectId: string | null;
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
}
