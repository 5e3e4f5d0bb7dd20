/**
 * Jobs benchmark: a trust of 20 schools of 2,000 pupils each, registers to the morning of
 * the as-of date. Measures, for one school, the time from the register closing to the
 * morning list posted (the job and its delivery to a stand-in Slack), and for the trust the
 * wall time of every school's morning jobs (the list and the safeguarding flags) through the
 * BullMQ worker.
 */
import { Redis } from 'ioredis';
import { writeMarks } from '../src/adapters/db/register-store.ts';
import { writePupils } from '../src/adapters/db/roll-store.ts';
import { setCalendar, upsertSchool } from '../src/adapters/db/school-store.ts';
import { runJob } from '../src/app/jobs/index.ts';
import { ladderPreset } from '../src/config/ladder-presets.ts';
import { loadEnv } from '../src/config/env.ts';
import { SchoolCalendar } from '../src/domain/calendar.ts';
import { dayOf } from '../src/domain/dates.ts';
import { englishTermDates } from '../src/domain/term-dates.ts';
import { generateMarks, syntheticPupils } from '../src/demo/synthetic.ts';
import { chatPlatforms, jobDeps } from '../src/compose.ts';
import { createQueue, startWorker } from '../jobs/queue.ts';
import { fakeSlack } from '../test/support/fakes.ts';
import { freshBenchDb } from './db.ts';

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 20);
const PUPILS = 2000;
const AS_OF = '2025-02-26';
const spec = englishTermDates(2024);
const calendar = new SchoolCalendar(spec);
const { url, db } = await freshBenchDb('attendance_bench_jobs');
const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };
const asOfAm = dayOf(AS_OF) * 2;

const t0 = performance.now();
const profiles = syntheticPupils({ pupils: PUPILS, seed: 3 });
for (let s = 1; s <= SCHOOLS; s++) {
  const id = `school${s}`;
  await upsertSchool(db, { id, name: `School ${s}`, ladder: ladderPreset('woburn'), registers: { AM: { opens: '08:40', closes: '09:00' }, PM: { opens: '13:20', closes: '13:40' } } }, who);
  await setCalendar(db, id, spec, who);
  await writePupils(db, id, profiles.map((p, i) => ({
    upn: p.upn, given_name: 'Pupil', family_name: `N${i}`, year: 7 + (i % 5), reg_group: `${7 + (i % 5)}${'ABCD'[i % 4]}`, admission_date: '2024-09-01',
    social_worker: i % 40 === 0 ? 'child_in_need' as const : 'none' as const,
  })), { ...who, fileName: 'roll' });
  await db.pool.query(`INSERT INTO "SchoolChannel" ("schoolId", platform, purpose, "channelId") VALUES ($1, 'slack', 'attendance', $2), ($1, 'slack', 'dsl', $3)`, [id, `C${s}ATT`, `C${s}DSL`]);
  const ids = (await db.pool.query<{ id: number; upn: string }>('SELECT id, upn FROM "Pupil" WHERE "schoolId" = $1', [id])).rows;
  const idOf = new Map(ids.map((r) => [r.upn, r.id]));
  const pupilIds: number[] = []; const slots: number[] = []; const codes: number[] = [];
  profiles.forEach((p, i) => generateMarks(p, calendar, calendar.schoolDays[0]!, dayOf(AS_OF), 100 + i, (slot, code) => {
    if (slot > asOfAm) return;
    pupilIds.push(idOf.get(p.upn)!); slots.push(slot); codes.push(code);
  }));
  await writeMarks(url, { pupilIds, slots, codes }, { schoolId: id, actor: { kind: 'system', what: 'bench' }, source: 'cli', fileName: 'register', reason: 'import' });
}
const seedSeconds = (performance.now() - t0) / 1000;
const marks = (await db.pool.query('SELECT count(*)::int AS n FROM "AttendanceMark"')).rows[0].n;

const slack = await fakeSlack();
const env = loadEnv({ DATABASE_URL: url, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: `${slack.url}/api/` });
const clock = { now: () => new Date('2025-02-26T09:05:00Z') };
const deps = jobDeps(db, chatPlatforms(env), clock);

// the first job of a new process pays for the Prisma client's first query; the service runs
// long, so the figure that matters is the second school's
let t = performance.now();
await runJob(deps, 'morning-list', 'school1', AS_OF);
const coldSeconds = (performance.now() - t) / 1000;
t = performance.now();
const one = await runJob(deps, 'morning-list', 'school2', AS_OF);
const oneSchoolSeconds = (performance.now() - t) / 1000;

const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const prefix = `bench-${process.pid}`;
const queue = createQueue(redis, prefix);
const worker = startWorker(redis.duplicate(), deps, { prefix, concurrency: 4 });
t = performance.now();
for (let s = 1; s <= SCHOOLS; s++) {
  await queue.add('morning-list', { kind: 'morning-list', schoolId: `school${s}`, date: AS_OF });
  await queue.add('safeguarding-flags', { kind: 'safeguarding-flags', schoolId: `school${s}`, date: AS_OF });
}
for (;;) {
  const c = await queue.getJobCounts('completed', 'failed');
  if ((c.completed ?? 0) + (c.failed ?? 0) >= SCHOOLS * 2) { if (c.failed) throw new Error(`${c.failed} jobs failed`); break; }
  await new Promise((r) => setTimeout(r, 50));
}
const trustSeconds = (performance.now() - t) / 1000;
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
redis.disconnect();
await slack.close();
await db.close();
console.log(JSON.stringify({ schools: SCHOOLS, pupilsPerSchool: PUPILS, marks, seedSeconds: +seedSeconds.toFixed(1), oneSchoolListed: one.items, oneSchoolSeconds: +oneSchoolSeconds.toFixed(2), coldSeconds: +coldSeconds.toFixed(2), trustSeconds: +trustSeconds.toFixed(2) }));
process.exit(0);
