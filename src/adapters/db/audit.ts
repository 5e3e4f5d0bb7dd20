/** The audit log: who did what, when, and from where. Written in the same transaction as the change. */
import type { PoolClient } from 'pg';
import type { AuditEntry } from '../../app/ports.ts';

export type { AuditEntry };

type Queryable = Pick<PoolClient, 'query'>;

export async function audit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query({
    name: 'audit-insert',
    text: 'INSERT INTO "AuditLog" ("schoolId", actor, source, action, "subjectType", "subjectId", detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    values: [e.schoolId ?? null, e.actor, e.source, e.action, e.subjectType ?? null, e.subjectId ?? null, JSON.stringify(e.detail ?? {})],
  });
}
