/** The audit log: who did what, when, and from where. Written in the same transaction as the change. */
import type { PoolClient } from 'pg';

export interface AuditEntry {
  readonly schoolId?: string;
  /** A staff id (`staff:12`), an API key (`api-key:3`), `cli:<user>` or `system`. */
  readonly actor: string;
  /** slack, teams, cli, api, job */
  readonly source: string;
  readonly action: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly detail?: Record<string, unknown>;
}

type Queryable = Pick<PoolClient, 'query'>;

export async function audit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(
    'INSERT INTO "AuditLog" ("schoolId", actor, source, action, "subjectType", "subjectId", detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [e.schoolId ?? null, e.actor, e.source, e.action, e.subjectType ?? null, e.subjectId ?? null, JSON.stringify(e.detail ?? {})],
  );
}
