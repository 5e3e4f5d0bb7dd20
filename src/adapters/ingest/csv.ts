/**
 * A small RFC 4180 CSV reader for the roll and staff files (names may hold commas and
 * quotes). The register's own format has no quoting and is read by register-csv.ts, faster.
 */
export interface CsvRow {
  readonly line: number;
  readonly fields: string[];
}

export function readCsv(text: string): CsvRow[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { fields.push(field); field = ''; }
    else if (ch === '\n') { endRow(); line++; rowLine = line; }
    else if (ch !== '\r') field += ch;
    i++;
  }
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}

/** Rows as records keyed by the header's (trimmed, lower-case) names. */
export function readCsvRecords(text: string): { header: string[]; records: { line: number; values: Record<string, string> }[] } {
  const rows = readCsv(text);
  const header = (rows[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  const records = rows.slice(1).map((r) => ({
    line: r.line,
    values: Object.fromEntries(header.map((h, i) => [h, (r.fields[i] ?? '').trim()])),
  }));
  return { header, records };
}
