/**
 * The arrows point down: domain ← use cases ← adapters ← composition root. This reads every
 * import in the source and fails on one that points the wrong way, or that brings a
 * platform SDK outside its adapter.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) { if (name !== 'generated') out.push(...files(path)); }
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

interface Import { readonly from: string; readonly spec: string; readonly target?: string }

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
    const spec = (m[1] ?? m[2])!;
    out.push({ from: file, spec, ...(spec.startsWith('.') ? { target: relative(ROOT, resolve(ROOT, dirname(file), spec)) } : {}) });
  }
  return out;
}

const all = [...files('src'), ...files('cards'), ...files('jobs')].flatMap(importsOf);
const show = (xs: Import[]) => xs.map((x) => `${x.from} imports ${x.spec}`);

describe('import boundaries', () => {
  it('reads the imports it checks', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(all.some((x) => x.from === 'src/app/roll.ts' && x.target === 'src/domain/evaluation.ts')).toBe(true);
  });

  it('src/domain imports nothing outside itself (no I/O, no framework)', () => {
    const bad = all.filter((x) => x.from.startsWith('src/domain/') && !(x.target?.startsWith('src/domain/')));
    expect(show(bad)).toEqual([]);
  });

  it('cards/ import only cards/ and src/domain', () => {
    const bad = all.filter((x) => x.from.startsWith('cards/') && !(x.target?.startsWith('cards/') || x.target?.startsWith('src/domain/')));
    expect(show(bad)).toEqual([]);
  });

  it('src/app imports no adapter, no composition root and no platform SDK', () => {
    const allowed = (x: Import) => x.target !== undefined
      ? x.target.startsWith('src/app/') || x.target.startsWith('src/domain/') || x.target.startsWith('cards/') || x.target.startsWith('src/config/') || x.target.startsWith('src/shared/')
      : x.spec === 'zod' || x.spec.startsWith('node:') || x.spec.startsWith('date-fns') || x.spec.startsWith('@date-fns/');
    const bad = all.filter((x) => x.from.startsWith('src/app/') && !allowed(x));
    expect(show(bad)).toEqual([]);
  });

  it('botbuilder and the Adaptive Card types only in src/adapters/teams, Bolt and Slack\'s types only in src/adapters/slack', () => {
    const bad = all.filter((x) =>
      ((x.spec.startsWith('botbuilder') || x.spec.startsWith('@microsoft/')) && !x.from.startsWith('src/adapters/teams/')) ||
      (x.spec.startsWith('@slack/') && !x.from.startsWith('src/adapters/slack/')));
    expect(show(bad)).toEqual([]);
  });

  it('no adapter imports the server, the composition root or another adapter\'s platform folder', () => {
    const folder = (f: string) => f.split('/').slice(0, 3).join('/');
    const bad = all.filter((x) => x.from.startsWith('src/adapters/') && x.target && (
      x.target.startsWith('src/server/') || x.target === 'src/compose.ts' || x.target === 'src/service.ts' ||
      (['src/adapters/slack', 'src/adapters/teams'].includes(folder(x.target)) && folder(x.target) !== folder(x.from))));
    expect(bad.map((x) => `${x.from} -> ${x.spec}`)).toEqual([]);
  });

  it('the queue (jobs/) schedules and runs: it reads no database', () => {
    const bad = all.filter((x) => x.from.startsWith('jobs/') && (x.target?.startsWith('src/adapters/') || x.spec === 'pg' || x.spec.includes('prisma')));
    expect(show(bad)).toEqual([]);
  });

  it('src/app holds no SQL and no `as never`', () => {
    const bad = files('src/app').filter((f) => /\b(SELECT|INSERT INTO|UPDATE\s+"|DELETE FROM)\b|as never/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(bad).toEqual([]);
  });

  // static imports only (a dynamic import() runs when its command does), bare ones too;
  // `import type` is erased by the compiler and loads nothing
  const staticOf = (file: string): Import[] => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)(?:[^'"]*?from\s+)?'([^']+)'/g)].map((m) => {
      const spec = m[1]!;
      return { from: file, spec, ...(spec.startsWith('.') ? { target: relative(ROOT, resolve(ROOT, dirname(file), spec)) } : {}) };
    });
  };
  /** The files and packages a process loads from these entry points before any dynamic import. */
  const loads = (...entries: string[]) => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const x of staticOf(file)) x.target ? walk(x.target) : external.add(x.spec);
    };
    entries.forEach(walk);
    return { seen, external: [...external] };
  };

  it('`evaluate` loads neither the database client nor any platform SDK nor zod: the CLI imports each command when it runs', () => {
    const { seen, external } = loads('src/cli/main.ts', 'src/cli/commands/evaluate.ts');
    expect(seen.has('src/cli/commands/school.ts')).toBe(false);
    expect(external.filter((s) => /^(pg|pg-copy-streams|@prisma\/|@slack\/|botbuilder|bullmq|ioredis|zod)/.test(s))).toEqual([]);
    expect([...seen].filter((f) => f.includes('/adapters/db/') || f.includes('/generated/'))).toEqual([]);
  });

  it('`import register` loads pg, not the Prisma client nor any platform SDK nor zod', () => {
    // what import.ts loads for a register: its own imports, then the register's reader and the pg store
    const { seen, external } = loads('src/cli/main.ts', 'src/cli/commands/import.ts', 'src/adapters/ingest/register-file.ts', 'src/adapters/db/register-imports.ts');
    expect(seen.has('src/cli/context.ts')).toBe(true);
    expect(external).toContain('pg-copy-streams');
    expect(external.filter((s) => /^(@prisma\/|@slack\/|botbuilder|bullmq|ioredis|zod)/.test(s))).toEqual([]);
    expect([...seen].filter((f) => f.includes('/generated/') || f.endsWith('/stores.ts') || f.endsWith('db/client.ts'))).toEqual([]);
  });
});
