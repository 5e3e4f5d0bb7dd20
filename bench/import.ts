/**
 * Import benchmark, in its own process: the synthetic 2,000-pupil year (760,000 marks)
 * imported into a fresh PostgreSQL database through the same path as `import register`,
 * then the same file with 1% of marks changed.
 */
import { BENCH_WHO, freshBenchDb } from './bench-db.ts';
import { writePupils } from '../src/adapters/db/roll-store.ts';
import { pgImports } from '../src/adapters/db/stores.ts';
import { importRegister } from '../src/adapters/ingest/import-files.ts';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { schoolYear, toCsv } from './synthetic-school.ts';

const db = await freshBenchDb(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/attendance_bench');
const who = BENCH_WHO;

const year = schoolYear();
await writePupils(db, 'bench', year.pupils.map((p, i) => ({
  upn: p.upn, given_name: 'Pupil', family_name: String(i), year: 7 + (i % 5), reg_group: `${7 + (i % 5)}A`, admission_date: '2024-09-01',
})), { ...who, fileName: 'bench roll' });
const csv = toCsv(year);

let t0 = performance.now();
const first = await importRegister(pgImports(db), 'bench', csv, 'bench.csv', who);
const firstSeconds = (performance.now() - t0) / 1000;

// change 1% of marks: every 100th row becomes an illness mark (or a present one)
const lines = csv.split('\n');
for (let i = 1; i < lines.length; i += 100) {
  const l = lines[i]!;
  if (!l) continue;
  lines[i] = l.endsWith(',I') ? `${l.slice(0, -1)}O` : `${l.slice(0, l.lastIndexOf(',') + 1)}I`;
}
t0 = performance.now();
const second = await importRegister(pgImports(db), 'bench', lines.join('\n'), 'bench-v2.csv', who);
const secondSeconds = (performance.now() - t0) / 1000;

// the floor: a raw COPY of the same marks into a table with the same key, in the same run
const copyText = csv.split('\n').slice(1).filter(Boolean).map((l) => {
  const [upn, date, session, mark] = l.split(',');
  return `${Number(upn!.slice(1))}\t${date}\t${session}\t${mark === '\\' ? '\\\\' : mark}\n`;
}).join('');
const raw = await db.pool.connect();
await raw.query('DROP TABLE IF EXISTS copy_floor');
await raw.query('CREATE TABLE copy_floor ("pupilId" integer, date date, session text, code text, PRIMARY KEY ("pupilId", date, session))');
t0 = performance.now();
await pipeline(Readable.from([copyText]), raw.query(copyFrom('COPY copy_floor FROM STDIN')));
const copySeconds = (performance.now() - t0) / 1000;
await raw.query('DROP TABLE copy_floor');
raw.release();
await db.close();

console.log(JSON.stringify({
  marks: first.rows,
  firstSeconds: +firstSeconds.toFixed(2),
  marksPerSecond: Math.round(first.rows / firstSeconds),
  reimportSeconds: +secondSeconds.toFixed(2),
  reimportAmended: second.amended,
  copySeconds: +copySeconds.toFixed(2),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
}));
