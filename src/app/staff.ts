/** Every chat request is resolved to a member of staff by their chat identity, or refused. */
import type { StaffMember } from './ports.ts';

export type { ChatIdentity, StaffMember } from './ports.ts';

/** How a member of staff is named in the audit log and on case records. */
export const actorOf = (s: Pick<StaffMember, 'id'>) => `staff:${s.id}`;
