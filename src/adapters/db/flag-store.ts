/** Safeguarding flags in PostgreSQL. */
import { actorLabel, type Flags, staffIdOf } from '../../app/ports.ts';
import type { RaisedFlagKind } from '../../domain/flags.ts';
import { type Db } from './client.ts';

const PUPIL = { select: { givenName: true, familyName: true, preferredName: true, regGroup: true, upn: true } } as const;
/** An open flag as the jobs read it. */
const OPEN = { id: true, kind: true, pupilId: true, level: true, summary: true, dateKey: true, raisedAt: true, nextEscalationAt: true, pupil: PUPIL } as const;
/** Who acknowledged a flag (the label, and the person by reference), and what was done. */
const ACKNOWLEDGED = { acknowledgedAt: true, acknowledgedBy: true, acknowledger: { select: { name: true } }, acknowledgedAction: true, acknowledgedNote: true } as const;

export function pgFlags(db: Db): Flags {
  const get: Flags['get'] = async (schoolId, flagId) => {
    const f = await db.prisma.safeguardingFlag.findFirst({
      where: { id: flagId, schoolId }, select: { id: true, level: true, summary: true, dateKey: true, ...ACKNOWLEDGED, pupil: PUPIL },
    });
    return f ? byName(f) : undefined;
  };
  return {
    async raise(f) {
      const created = await db.prisma.safeguardingFlag.createMany({
        data: [{ schoolId: f.schoolId, pupilId: f.pupilId, kind: f.kind, dateKey: f.dateKey, summary: f.summary, nextEscalationAt: f.nextEscalationAt }],
        skipDuplicates: true,
      });
      const existing = await db.prisma.safeguardingFlag.findUniqueOrThrow({
        select: { id: true }, where: { schoolId_pupilId_kind_dateKey: { schoolId: f.schoolId, pupilId: f.pupilId, kind: f.kind, dateKey: f.dateKey } },
      });
      return { id: existing.id, raised: created.count > 0 };
    },
    async due(schoolId, now) {
      const flags = await db.prisma.safeguardingFlag.findMany({
        where: { schoolId, acknowledgedAt: null, nextEscalationAt: { lte: now } },
        select: OPEN, orderBy: { id: 'asc' },
      });
      return flags.map((f) => ({ ...f, kind: f.kind as RaisedFlagKind, nextEscalationAt: f.nextEscalationAt! }));
    },
    async open(schoolId) {
      const flags = await db.prisma.safeguardingFlag.findMany({
        where: { schoolId, acknowledgedAt: null },
        select: OPEN, orderBy: { id: 'asc' },
      });
      return flags.map((f) => ({ ...f, kind: f.kind as RaisedFlagKind, nextEscalationAt: f.nextEscalationAt ?? f.raisedAt }));
    },
    async acknowledge(schoolId, flagId, actor, what) {
      // the first acknowledgement stands: a second one records nothing over it
      await db.prisma.safeguardingFlag.updateMany({
        where: { id: flagId, schoolId, acknowledgedAt: null },
        data: { acknowledgedAt: new Date(), acknowledgedBy: actorLabel(actor), acknowledgedByStaffId: staffIdOf(actor), acknowledgedAction: what.action, acknowledgedNote: what.note },
      });
      const f = await get(schoolId, flagId);
      return f ? { ...f, acknowledgedAt: f.acknowledgedAt!, acknowledgedBy: f.acknowledgedBy! } : undefined;
    },
    get,
    async forPupil(schoolId, pupilId, limit) {
      const flags = await db.prisma.safeguardingFlag.findMany({
        where: { schoolId, pupilId }, orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }], take: limit,
        select: { id: true, summary: true, raisedAt: true, level: true, ...ACKNOWLEDGED },
      });
      return flags.map(byName);
    },
    async escalate(flagId, fromLevel, nextEscalationAt) {
      const moved = await db.prisma.safeguardingFlag.updateMany({
        where: { id: flagId, level: fromLevel, acknowledgedAt: null }, data: { level: fromLevel + 1, nextEscalationAt },
      });
      return moved.count > 0;
    },
  };
}

/** Who acknowledged a flag, by name (the label when the person is gone from the staff list). */
function byName<F extends { acknowledgedBy: string | null; acknowledger: { name: string } | null }>({ acknowledger, ...f }: F): Omit<F, 'acknowledger'> {
  return { ...f, acknowledgedBy: acknowledger?.name ?? f.acknowledgedBy };
}
