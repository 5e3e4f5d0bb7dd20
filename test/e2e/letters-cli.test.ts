/** `letters template` and `letters preview`: a school's letters set from a file (checked), and drafts written as .docx and .pdf. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { runCliAsync } from '../support/cli.ts';
import { freshDatabase } from '../support/db.ts';

const AS_OF = '2025-02-26';
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => { ctx = await freshDatabase('letters'); await seedDemo(ctx.db, AS_OF); });
afterAll(async () => { await ctx?.drop(); });

/** One file of a zip (a .docx is one), inflated. */
function fileInZip(zip: Buffer, name: string): string {
  const at = zip.indexOf(Buffer.from(name));
  const header = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at);
  const [method, size, nameLen, extraLen] = [zip.readUInt16LE(header + 8), zip.readUInt32LE(header + 18), zip.readUInt16LE(header + 26), zip.readUInt16LE(header + 28)];
  const start = header + 30 + nameLen + extraLen;
  const body = zip.subarray(start, start + size);
  return (method === 8 ? inflateRawSync(body) : body).toString('utf8');
}

describe('letters from the command line', () => {
  it('set from a file: the address, the signatory and a template of the school\'s own; a template with an unknown field refused by name, nothing set', async () => {
    const env = { DATABASE_URL: ctx.url };
    const dir = mkdtempSync(join(tmpdir(), 'letters-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ templates: [{ key: 'oiam-letter-1', kind: 'letter', title: 'T', body: '{{parent}} {{pupil}} {{attendance}} {{school}} {{signatory}} {{shoeSize}}' }] }));
    const refused = await runCliAsync(['letters', 'template', '--school', 'demo', '--set', bad], env);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('template oiam-letter-1: {{shoeSize}} is not a field');
    const good = join(dir, 'letters.json');
    writeFileSync(good, JSON.stringify({ address: '1 School Lane, Demoton DE1 1AA', signatory: 'Asha Patel, Attendance Officer' }));
    const set = await runCliAsync(['letters', 'template', '--school', 'demo', '--set', good], env);
    expect(set.stdout).toContain('letters: school demo: 0 template(s) set, address, signatory');
    const list = await runCliAsync(['letters', 'template', '--school', 'demo', '--list'], env);
    expect(list.stdout).toContain('address: 1 School Lane, Demoton DE1 1AA; signatory: Asha Patel, Attendance Officer');
    expect(list.stdout).toContain('oiam-letter-1  (default, letter): Attendance: letter 1');
    expect(list.stdout).toContain('{{recentAbsences}}');
    expect((await ctx.db.pool.query(`SELECT action FROM "AuditLog" WHERE action = 'school.letters'`)).rows).toHaveLength(1);
  });

  it('preview: one draft per parent, as an editable .docx and a PDF, with her figures', async () => {
    const out = mkdtempSync(join(tmpdir(), 'drafts-'));
    const r = await runCliAsync(['letters', 'preview', '--school', 'demo', '--template', 'oiam-letter-1', '--pupil', 'DEMO9001', '--date', AS_OF, '--out', out], { DATABASE_URL: ctx.url });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/DEMO9001-oiam-letter-1-kim-nine\.docx and \.pdf \(to Kim Nine, parent; attendance \d+\.\d% on Wed 26 Feb 2025\)/);
    expect(readdirSync(out).sort()).toEqual(['DEMO9001-oiam-letter-1-kim-nine.docx', 'DEMO9001-oiam-letter-1-kim-nine.pdf']);
    const docx = readFileSync(join(out, 'DEMO9001-oiam-letter-1-kim-nine.docx'));
    const xml = fileInZip(docx, 'word/document.xml');
    expect(xml).toContain('Dear Kim Nine,');
    expect(xml).toMatch(/Ava Nine \(9A\) has attended \d+\.\d% of sessions/);
    const pdf = readFileSync(join(out, 'DEMO9001-oiam-letter-1-kim-nine.pdf')).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf).toContain('(Dear Kim Nine,) Tj');
    expect(pdf).toMatch(/startxref\n\d+\n%%EOF\n$/);
    const bad = await runCliAsync(['letters', 'preview', '--school', 'demo', '--template', 'oiam-letter-1', '--pupil', 'NOPE', '--date', AS_OF], { DATABASE_URL: ctx.url });
    expect(bad.stderr).toContain('letters preview --pupil NOPE: no pupil with that UPN');
  });
});
