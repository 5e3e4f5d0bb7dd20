import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED, runCli } from '../support/cli.ts';

const samples = join(SHARED, 'reference', 'samples');

describe('npm run -s cli -- evaluate (the contract)', () => {
  it('prints exactly the expected JSON for the worked example', () => {
    const r = runCli(['evaluate', '--register', join(samples, 'register-small.csv'), '--as-of', '2025-02-26', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(samples, 'expected-2025-02-26.json'), 'utf8')));
  });

  it('lists a pupil with no rows on or before the as-of date with zero counts; no window before any school day', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    const file = join(dir, 'r.csv');
    writeFileSync(file, 'upn,date,session,mark\nB,2025-03-03,AM,G\nA,2025-03-03,PM,/\n');
    const r = runCli(['evaluate', '--register', file, '--as-of', '2025-03-02', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['A', 'B'].map((upn) => ({
      upn, possible: 0, present: 0, authorised: 0, unauthorised: 0, attendancePct: null,
      persistentAbsence: false, severeAbsence: false,
      penalty: { windowStart: null, windowEnd: null, unauthorisedSessions: 0, thresholdMet: false },
      days: { continuousUnauthorised: 0, continuousMissing: 0, illnessSessions: 0, unresolvedN: 0 },
    })));
  });

  it('exits non-zero naming the file, line and field on bad input, with nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'upn,date,session,mark\nA,2025-03-03,AM,/\nA,2025-03-03,AM,N\nA,2025-03-04,PM,QQ\n');
    const r = runCli(['evaluate', '--register', file, '--as-of', '2025-03-05', '--json']);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:3: field "session": second row for A on 2025-03-03 AM (first at line 2)`);
    expect(r.stderr).toContain(`${file}:4: field "mark": unknown attendance code "QQ"`);
  });

  it('refuses a missing file and a bad as-of date clearly', () => {
    expect(runCli(['evaluate', '--register', '/nonexistent.csv', '--as-of', '2025-03-05', '--json']).stderr).toContain('/nonexistent.csv: cannot read: ENOENT');
    expect(runCli(['evaluate', '--register', join(samples, 'register-small.csv'), '--as-of', '2025-13-01', '--json']).stderr).toContain('--as-of: not a date');
  });
});
