/** The audit log: who did what, when and from where; refusals too. */


/** Who did what, when and from where; refusals too. */
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

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
