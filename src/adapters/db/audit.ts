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

type Waiting = { readonly e: AuditEntry; readonly at: Date; readonly done: (err?: unknown) => void };

/**
 * The audit log outside a transaction (a question asked, a refusal): entries that arrive while
 * one insert is on its way go together in the next, and each caller is answered once its own
 * entry is stored. No entry waits for more than the insert before it; a busy service writes
 * once for many questions instead of once each. Each entry keeps the moment it was made.
 */
export function groupedAudit(pool: Queryable): (e: AuditEntry) => Promise<void> {
  let waiting: Waiting[] = [];
  let writing = false;
  async function drain(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await pool.query({
          name: 'audit-insert-many',
          text: `INSERT INTO "AuditLog" (at, "schoolId", actor, source, action, "subjectType", "subjectId", detail)
                 SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])`,
          values: [
            batch.map((w) => w.at), batch.map((w) => w.e.schoolId ?? null), batch.map((w) => w.e.actor), batch.map((w) => w.e.source),
            batch.map((w) => w.e.action), batch.map((w) => w.e.subjectType ?? null), batch.map((w) => w.e.subjectId ?? null),
            batch.map((w) => JSON.stringify(w.e.detail ?? {})),
          ],
        });
        for (const w of batch) w.done();
      } catch (err) {
        for (const w of batch) w.done(err);
      }
    }
    writing = false;
  }
  return (e) => new Promise<void>((resolve, reject) => {
    waiting.push({ e, at: new Date(), done: (err) => (err === undefined ? resolve() : reject(err)) });
    if (!writing) void drain();
  });
}
