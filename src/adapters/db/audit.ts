/**
 * The audit log's one writer: who did what, when, and from where. Every row is written by
 * `writeAudit`, inside the change's transaction (a pg client, or Prisma's interactive
 * transaction) or, outside one, grouped (`groupedAudit`).
 */
import type { PoolClient } from 'pg';
import { actorLabel, type AuditEntry } from '../../app/ports.ts';

export type { AuditEntry };

type Queryable = Pick<PoolClient, 'query'>;
/** What both a pg client and Prisma's transaction can do: run one statement with values. */
type Runs = Queryable | { $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number> };

const INSERT = `INSERT INTO "AuditLog" (at, "schoolId", actor, source, action, "subjectType", "subjectId", detail)
  SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])`;

interface Stamped { readonly e: AuditEntry; readonly at: Date }

async function writeAudit(q: Runs, batch: readonly Stamped[]): Promise<void> {
  const values = [
    batch.map((w) => w.at), batch.map((w) => w.e.schoolId ?? null), batch.map((w) => actorLabel(w.e.actor)), batch.map((w) => w.e.source),
    batch.map((w) => w.e.action), batch.map((w) => w.e.subjectType ?? null), batch.map((w) => w.e.subjectId ?? null),
    batch.map((w) => JSON.stringify(w.e.detail ?? {})),
  ];
  if ('query' in q) await q.query({ name: 'audit-insert', text: INSERT, values });
  else await q.$executeRawUnsafe(INSERT, ...values);
}

/** One entry, in the caller's transaction. */
export const audit = (q: Runs, e: AuditEntry): Promise<void> => writeAudit(q, [{ e, at: new Date() }]);

type Waiting = Stamped & { readonly done: (err?: unknown) => void };

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
        await writeAudit(pool, batch);
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
