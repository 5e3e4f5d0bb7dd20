/**
 * The MIS not yet updated: marks amended from chat that the MIS still shows with its earlier
 * code. Imports keep the chat's code meanwhile (src/adapters/db/register-store.ts); the
 * attendance officer corrects each in the MIS and confirms it here. Only those who keep the
 * register see the list or confirm; every confirmation, and every refusal, is audited.
 */
import type { MisRow, QueryResult } from '../../../cards/views.ts';
import { CAPS } from '../../../cards/limits.ts';
import { canAmendRegister } from '../../domain/access.ts';
import { schoolDate } from '../../domain/dates.ts';
import type { ChatContext } from '../deps.ts';
import type { MisNotUpdated } from '../ports.ts';
import { staffActor } from '../ports.ts';

export const MIS_REFUSAL = 'Only those who keep the register (attendance officers, senior leaders) see the marks to correct in the MIS.';

const rowOf = (m: MisNotUpdated): MisRow => ({
  id: m.id, pupil: `${m.pupilName} (${m.upn})`, date: schoolDate(m.date), session: m.session, misCode: m.misCode, chatCode: m.chatCode, by: m.amendedBy,
  ...(m.writeBack ? { writeBack: m.writeBack } : {}),
});

export async function misNotUpdated(ctx: ChatContext, notice?: string): Promise<QueryResult> {
  if (!canAmendRegister(ctx.staff.grants)) return { kind: 'refusal', text: MIS_REFUSAL };
  const rows = await ctx.deps.misUpdates.notUpdated(ctx.staff.schoolId);
  return { kind: 'mis', rows: rows.slice(0, CAPS.misRows).map(rowOf), total: rows.length, ...(notice ? { notice } : {}) };
}

/** Confirms one mark is now corrected in the MIS; answers with the list as it now stands. */
export async function confirmMisCorrected(ctx: ChatContext, id: number): Promise<QueryResult> {
  const actor = staffActor(ctx.staff);
  if (!canAmendRegister(ctx.staff.grants)) {
    await ctx.deps.audit.record({ schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: 'mis.corrected.refused', subjectType: 'MisUpdate', subjectId: String(id), detail: { where: ctx.where ?? null } });
    return { kind: 'refusal', text: MIS_REFUSAL };
  }
  const done = await ctx.deps.misUpdates.corrected(ctx.staff.schoolId, id, actor);
  await ctx.deps.audit.record({
    schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: done ? 'mis.corrected' : 'mis.corrected.refused', subjectType: 'MisUpdate', subjectId: String(id),
    detail: { where: ctx.where ?? null, ...(done ? { pupilId: done.pupilId, date: done.date, session: done.session, code: done.chatCode } : { refusal: 'not open' }) },
  });
  return misNotUpdated(ctx, done ? `${done.pupilName}, ${schoolDate(done.date)} ${done.session}: corrected in the MIS (${done.chatCode}).` : 'That mark was already confirmed or settled by an import.');
}
