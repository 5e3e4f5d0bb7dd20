/** The audit log: who did what, when and from where; refusals too. */

/**
 * Who acts: a member of staff (by id), or the system and its tools. Stored as a reference (a
 * staff id with its foreign key) beside a label for the audit log; never parsed back.
 */
export type Actor =
  | { readonly kind: 'staff'; readonly staffId: number }
  /** A scheduled job, or a named piece of the service (the demo's seed). */
  | { readonly kind: 'system'; readonly what?: string }
  | { readonly kind: 'cli'; readonly user: string }
  | { readonly kind: 'api-key'; readonly keyId: number }
  | { readonly kind: 'mis'; readonly provider: string };

/** Where a change came from. */
export const AUDIT_SOURCES = ['slack', 'teams', 'cli', 'api', 'job', 'mis', 'demo'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

/** Who acts, from where: what every write outside chat carries. */
export interface Who {
  readonly actor: Actor;
  readonly source: AuditSource;
}

export const staffActor = (s: { readonly id: number }): Actor => ({ kind: 'staff', staffId: s.id });
export const SYSTEM: Actor = { kind: 'system' };

/** The staff id of an actor, for the stores' foreign keys. */
export const staffIdOf = (a: Actor): number | null => (a.kind === 'staff' ? a.staffId : null);

/** How the audit log's `actor` column names an actor (`staff:12`, `system`, `cli:jo`, `api-key:3`, `mis:wonde`). */
export function actorLabel(a: Actor): string {
  switch (a.kind) {
    case 'staff': return `staff:${a.staffId}`;
    case 'system': return a.what ? `system:${a.what}` : 'system';
    case 'cli': return `cli:${a.user}`;
    case 'api-key': return `api-key:${a.keyId}`;
    case 'mis': return `mis:${a.provider}`;
  }
}

/** Who did what, when and from where; refusals too. */
export interface AuditEntry {
  readonly schoolId?: string;
  readonly actor: Actor;
  readonly source: AuditSource;
  readonly action: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly detail?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
