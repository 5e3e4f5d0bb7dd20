/**
 * A local authority's morning, simulated: LA_SCHOOLS schools (default 20) of LA_PUPILS pupils
 * (default 1,000), each connected to Wonde (one stand-in for all, in a process of its own) with
 * its marks for the year so far. The AM register closes; W worker processes (`npm start --
 * --no-http`; 1, 2 and 4) take every school's `mis-sync` job, which reads the morning's marks
 * incrementally and posts the unexplained-absence list at once. Each W runs one morning
 * untimed first (workers in service are warm), then the timed one. Prints the time from register
 * close to the last school's list for each W, the cost per school, and the projection for 200
 * schools (the default: 200 × 1,000 is more marks than this machine seeds in a
 * benchmark's time, so a smaller N is measured and projected, as it says).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { createQueue } from '../jobs/queue.ts';
import { pgMisStore } from '../src/adapters/db/mis-store.ts';
import { writeMarks } from '../src/adapters/db/register-store.ts';
import { setCalendar, upsertSchool } from '../src/adapters/db/school-store.ts';
import { pgImports } from '../src/adapters/db/stores.ts';
import { wondeSource } from '../src/adapters/mis/wonde/wonde.ts';
import { syncMis } from '../src/app/imports/sync-mis.ts';
import { ladderPreset } from '../src/config/ladder-presets.ts';
import { timeOfDay } from '../src/config/clock.ts';
import { SchoolCalendar } from '../src/domain/calendar.ts';
import { dayOf } from '../src/domain/dates.ts';
import { englishTermDates } from '../src/domain/term-dates.ts';
import { generateMarks, syntheticPupils } from '../src/demo/synthetic.ts';
import { fakeSlack } from '../test/support/fakes.ts';
import { freshBenchDb } from './db.ts';
import { startStandIn } from './stand-in.ts';

const SCHOOLS = Number(process.env.LA_SCHOOLS ?? 20);
const PUPILS = Number(process.env.LA_PUPILS ?? 1000);
const WORKERS = (process.env.LA_WORKERS ?? '1,2,4').split(',').map(Number);
const AS_OF = '2025-02-26';
const REDIS_URL = process.env.LA_REDIS_URL ?? 'redis://127.0.0.1:6379/7';
const spec = englishTermDates(2024);
const calendar = new SchoolCalendar(spec);
const who = { actor: { kind: 'system' as const, what: 'bench' }, source: 'cli' as const };

const { info: wonde, process: standIn } = await startStandIn<{ url: string; token: string; schools: string[] }>('bench/la-stand-in.ts', { LA_SCHOOLS: String(SCHOOLS), LA_PUPILS: String(PUPILS), LA_AS_OF: AS_OF });

const { url, db } = await freshBenchDb('attendance_bench_la');
// the register closed a minute ago, in the schools' time (the sync job reads the marks in the register's window)
const now = new Date();
const hhmm = (d: Date) => timeOfDay(d, 'Europe/London');
const registers = { AM: { opens: hhmm(new Date(now.getTime() - 20 * 60_000)), closes: hhmm(new Date(now.getTime() - 60_000)) }, PM: { opens: '13:20', closes: '13:40' } };
if (registers.AM.opens > registers.AM.closes) throw new Error('run the benchmark after 00:20 (the register window would cross midnight)');
const t0 = performance.now();
const profiles = syntheticPupils({ pupils: PUPILS, seed: 11 });
const source = wondeSource({ apiUrl: wonde.url, token: wonde.token });
const mis = pgMisStore(db);
for (let s = 1; s <= SCHOOLS; s++) {
  const id = `la${s}`;
  await upsertSchool(db, { id, name: `LA School ${s}`, ladder: ladderPreset('woburn'), registers }, who);
  await setCalendar(db, id, spec, who);
  await db.pool.query(`INSERT INTO "SchoolChannel" ("schoolId", platform, purpose, "channelId") VALUES ($1, 'slack', 'attendance', $2)`, [id, `C${s}ATT`]);
  await mis.connect({ schoolId: id, provider: 'wonde', misSchoolId: wonde.schools[s - 1]!, writeBack: false }, who);
  // the roll from Wonde (so its students are known), then the year so far as the MIS had it
  await syncMis({ mis: source, store: mis, imports: pgImports(db), clock: { now: () => new Date() } }, id, { marks: false });
  const idOf = new Map((await db.pool.query<{ id: number; upn: string }>('SELECT id, upn FROM "Pupil" WHERE "schoolId" = $1', [id])).rows.map((r) => [r.upn, r.id]));
  const pupilIds: number[] = []; const slots: number[] = []; const codes: number[] = [];
  const lastPm = dayOf(AS_OF) * 2 - 1;
  profiles.forEach((p, i) => generateMarks(p, calendar, calendar.schoolDays[0]!, dayOf(AS_OF), 500 + i, (slot, code) => {
    if (slot > lastPm) return;
    pupilIds.push(idOf.get(p.upn)!); slots.push(slot); codes.push(code);
  }));
  await writeMarks(url, { pupilIds, slots, codes }, { schoolId: id, actor: who.actor, source: 'cli', fileName: 'year so far', reason: 'import' });
}
const seedSeconds = (performance.now() - t0) / 1000;
const marks = (await db.pool.query('SELECT count(*)::int AS n FROM "AttendanceMark"')).rows[0].n as number;
await db.pool.query(`ANALYZE`);

const slack = await fakeSlack();
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const runs: { workers: number; seconds: number; lists: number }[] = [];
/** A fresh morning: no list posted, the morning's marks not yet read. */
async function freshMorning(): Promise<void> {
  await db.pool.query(`DELETE FROM "AttendanceMark" WHERE date = $1 AND session = 'AM'`, [AS_OF]);
  await db.pool.query(`DELETE FROM "ChatPost"; DELETE FROM "JobRun"; DELETE FROM "MisSyncState" WHERE resource = 'attendance'`);
  await fetch(`${wonde.url.replace(/\/v1\.0$/, '')}/reset`, { method: 'POST' });
}
/** Every school's sync queued at once (the register closed); the seconds until the last list is posted. */
async function morning(queue: ReturnType<typeof createQueue>, round: string): Promise<number> {
  const start = performance.now();
  await queue.addBulk(Array.from({ length: SCHOOLS }, (_, i) => ({ name: 'mis-sync', data: { kind: 'mis-sync' as const, schoolId: `la${i + 1}`, date: AS_OF }, opts: { jobId: `la.${round}.${i + 1}` } })));
  for (;;) {
    const lists = (await db.pool.query(`SELECT count(*)::int AS n FROM "ChatPost" WHERE kind = 'unexplained-list' AND "messageRef" IS NOT NULL`)).rows[0].n as number;
    if (lists >= SCHOOLS) break;
    if (performance.now() - start > 20 * 60_000) throw new Error(`only ${lists} of ${SCHOOLS} lists in 20 minutes`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return (performance.now() - start) / 1000;
}
for (const w of WORKERS) {
  await freshMorning();
  await redis.flushdb();
  const workers: ChildProcess[] = [];
  for (let i = 0; i < w; i++) {
    const child = spawn(process.execPath, [...(process.env.LA_WORKER_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', 'src/main.ts', '--no-http'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DATABASE_URL: url, REDIS_URL, PORT: '0', JOB_CONCURRENCY: String(Math.max(2, Math.ceil(8 / w))), SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: `${slack.url}/api/`, WONDE_API_URL: wonde.url, WONDE_TOKEN: wonde.token },
    });
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (l) => { if (l.startsWith('attendance bot listening')) resolve(); });
      child.once('exit', (code) => reject(new Error(`a worker exited ${code}`)));
    });
    workers.push(child);
  }
  // the workers' own schedulers have settled
  await new Promise((r) => setTimeout(r, 2000));
  const queue = createQueue(redis.duplicate());
  // a morning run first, untimed: a worker in service has run all day, its code compiled hot;
  // a process's first minute (every module loaded, every function compiled) is not register close
  await morning(queue, `${w}.warm`);
  await freshMorning();
  const posted = () => slack.calls.filter((c) => c.path.endsWith('chat.postMessage')).length;
  const before = posted();
  // the register closes now
  const seconds = await morning(queue, String(w));
  runs.push({ workers: w, seconds: Number(seconds.toFixed(2)), lists: posted() - before });
  await queue.close();
  for (const c of workers) c.kill('SIGTERM');
  await Promise.all(workers.map((c) => new Promise((r) => c.once('exit', r))));
}
redis.disconnect();
await slack.close();
standIn.kill('SIGTERM');
await db.close();
const at = (w: number) => runs.find((r) => r.workers === w) ?? runs.at(-1)!;
const best = runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
console.log(JSON.stringify({
  schools: SCHOOLS, pupilsPerSchool: PUPILS, marks, seedSeconds: Number(seedSeconds.toFixed(1)), cores: cpus().length, runs,
  perSchoolSeconds: Number((best.seconds / SCHOOLS).toFixed(3)), bestWorkers: best.workers,
  projected200On4: Number((at(4).seconds * 200 / SCHOOLS).toFixed(1)),
  projected200Best: Number((best.seconds * 200 / SCHOOLS).toFixed(1)),
}));
process.exit(0);
