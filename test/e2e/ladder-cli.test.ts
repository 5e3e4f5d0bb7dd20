/** `ladder show`: a preset or a school's ladder file in words, from the command line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

describe('ladder show', () => {
  it('prints a preset\'s steps in its policy\'s order, and refuses a bad ladder file naming the field', () => {
    const shown = runCli(['ladder', 'show', 'woburn']);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('| 1 | Letter: attendance below 96% or punctuality a concern | attendance officer |');
    expect(shown.stdout).toContain('20 school days after "Offer signposting to other agencies or services, if appropriate"; if attendance has deteriorated since');
    const dir = mkdtempSync(join(tmpdir(), 'ladder-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ key: 'x', name: 'X', rungs: [{ key: 'r', title: 'R', when: [{ kind: 'attendance-below', percent: 90 }], steps: [{ key: 'fpn', kind: 'penalty-notice-request', title: 'FPN', actor: 'headteacher' }] }] }));
    const bad = runCli(['ladder', 'show', file]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${file}.rungs[0].steps[0]: "FPN" is enforcement, but the rung can be reached without the National Framework threshold`);
  });
});
