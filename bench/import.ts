/**
 * Import benchmark: the synthetic 2,000-pupil year (760,000 marks) imported into a fresh
 * PostgreSQL database by the compiled CLI as its own process (`import register`, as a
 * school runs it), then the same file with 1% of marks changed; beside them, in the same
 * run, a raw COPY of the same marks into a table with the same key (the floor).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { from as copyFrom } from 'pg-copy-streams';
import { BENCH_WHO, freshBenchDb } from './bench-db.ts';
import { writePupils } from '../src/adapters/db/roll-store.ts';
import { schoolYear, toCsv } from './synthetic-school.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const url = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/attendance_bench';
const db = await freshBenchDb(url);

const year = schoolYear();
await writePupils(db, 'bench', year.pupils.map((p, i) => ({
  upn: p.upn, given_name: 'Pupil', family_name: String(i), year: 7 + (i % 5), reg_group: `${7 + (i % 5)}A`, admission_date: '2024-09-01',
})), { ...BENCH_WHO, fileName: 'bench roll' });
const csv = toCsv(year);
const firstFile = join(root, '.bench/import-first.csv');
writeFileSync(firstFile, csv);
// 1% of marks changed: every 100th row becomes an illness mark (or a present one)
const lines = csv.split('\n');
for (let i = 1; i < lines.length; i += 100) {
  const l = lines[i]!;
  if (!l) continue;
  lines[i] = l.endsWith(',I') ? `${l.slice(0, -1)}O` : `${l.slice(0, l.lastIndexOf(',') + 1)}I`;
}
const secondFile = join(root, '.bench/import-second.csv');
writeFileSync(secondFile, lines.join('\n'));

/** The compiled CLI's import, timed from process start to exit, with its peak memory. */
function importProcess(file: string) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bench/peak.mjs', 'dist/src/cli/main.js', 'import', 'register', '--school', 'bench', file], {
    cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: url },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`import ${file} failed:\n${r.stderr}`);
  const counts = Object.fromEntries([...r.stdout.matchAll(/(\d+) (inserted|amended|unchanged)/g)].map((m) => [m[2]!, Number(m[1])]));
  return { seconds, peakRssMB: Math.round(Number(/peak-rss-kb=(\d+)/.exec(r.stderr)![1]) / 1024), counts };
}

const first = importProcess(firstFile);
const second = importProcess(secondFile);
// the same file again: nothing to write, what every import pays (start, reading the file, comparing)
const same = importProcess(secondFile);

// the floor: a raw COPY of the same marks into a table with the same key, in the same run
const copyText = csv.split('\n').slice(1).filter(Boolean).map((l) => {
  const [upn, date, session, mark] = l.split(',');
  return `${Number(upn!.slice(1))}\t${date}\t${session}\t${mark === '\\' ? '\\\\' : mark}\n`;
}).join('');
const raw = await db.pool.connect();
await raw.query('DROP TABLE IF EXISTS copy_floor');
await raw.query('CREATE TABLE copy_floor ("pupilId" integer, date date, session text, code text, PRIMARY KEY ("pupilId", date, session))');
const t0 = performance.now();
await pipeline(Readable.from([copyText]), raw.query(copyFrom('COPY copy_floor FROM STDIN')));
const copySeconds = (performance.now() - t0) / 1000;
await raw.query('DROP TABLE copy_floor');
raw.release();
await db.close();

console.log(JSON.stringify({
  marks: first.counts.inserted,
  firstSeconds: +first.seconds.toFixed(2),
  marksPerSecond: Math.round(first.counts.inserted! / first.seconds),
  reimportSeconds: +second.seconds.toFixed(2),
  reimportAmended: second.counts.amended,
  unchangedSeconds: +same.seconds.toFixed(2),
  unchangedRows: same.counts.unchanged,
  copySeconds: +copySeconds.toFixed(2),
  peakRssMB: Math.max(first.peakRssMB, second.peakRssMB, same.peakRssMB),
}));
