/**
 * Teams: who is acting is resolved once per turn by the middleware, within the activity's
 * tenant, before the bot runs (botbuilder's TestAdapter drives the turns).
 */
import { TestAdapter } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { membershipsOf, resolveStaffOnTurn } from '../../../src/adapters/teams/staff.ts';
import type { ChatIdentity, StaffMember } from '../../../src/app/ports.ts';
import { officer } from '../../support/memory.ts';

describe('resolveStaffOnTurn', () => {
  it('resolves the person once per turn, in the tenant the activity came from, and hands them to the bot', async () => {
    const asked: ChatIdentity[] = [];
    const staff = { resolve: async (who: ChatIdentity) => { asked.push(who); return who.platform === 'teams' && who.aadObjectId === 'aad-1' ? [officer] : []; } };
    const seen: (readonly StaffMember[])[] = [];
    const adapter = new TestAdapter(async (context) => { seen.push(membershipsOf(context)); seen.push(membershipsOf(context)); });
    adapter.use(resolveStaffOnTurn({ staff }));
    await adapter.send({ type: 'message', text: 'hi', from: { id: 'u1', name: 'Olive', aadObjectId: 'aad-1' }, conversation: { id: 'c1', tenantId: 'tenant-a' } } as never);
    await adapter.send({ type: 'message', text: 'hi', from: { id: 'u2', name: 'Someone', aadObjectId: 'aad-2' }, conversation: { id: 'c1', tenantId: 'tenant-a' } } as never);
    await adapter.send({ type: 'message', text: 'hi', from: { id: 'u1', name: 'Olive', aadObjectId: 'aad-1' }, conversation: { id: 'c1' } } as never);
    expect(asked).toEqual([
      { platform: 'teams', aadObjectId: 'aad-1', tenantId: 'tenant-a' },
      { platform: 'teams', aadObjectId: 'aad-2', tenantId: 'tenant-a' },
    ]); // the third has no tenant: nobody is asked, and the person is unknown
    expect(seen.map((m) => m.map((s) => s.name))).toEqual([[officer.name], [officer.name], [], [], [], []]);
  });
});
