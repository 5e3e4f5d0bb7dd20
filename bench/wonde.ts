/**
 * MIS connector benchmark, in its own process: a first sync of a 2,000-pupil school (a year of
 * marks, 760,000) from the stand-in Wonde API, then an incremental sync of one morning's marks.
 */
import { BENCH_WHO, freshBenchDb } from './bench-db.ts';
import { pgMisStore } from '../src/adapters/db/mis-store.ts';
import { pgImports } from '../src/adapters/db/stores.ts';
import { wondeSource } from '../src/adapters/mis/wonde/wonde.ts';
import { syncMis } from '../src/app/imports/sync-mis.ts';
import { ATTENDANCE_CODES } from '../src/domain/codes.ts';
import { dayOfSlot, isoOf } from '../src/domain/dates.ts';
import { fakeWonde } from '../test/support/fake-wonde.ts';
import { schoolYear } from './synthetic-school.ts';

const db = await freshBenchDb(process.env.BENCH_WONDE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/attendance_bench_wonde');
const who = BENCH_WHO;

const wonde = await fakeWonde();
const year = schoolYear();
const old = new Date('2024-09-01T00:00:00Z');
year.pupils.forEach((p, i) => {
  const id = `A${100000 + i}`;
  wonde.students.push({ id, upn: p.upn, forename: 'Pupil', surname: String(i), year: String(7 + (i % 5)), reg: `${7 + (i % 5)}A`, admission: '2024-09-01', contacts: [{ forename: 'Parent', surname: String(i), relationship: 'Parent', pr: true, mobile: '07700 900000' }], updatedAt: old });
  for (let k = 0; k < p.slots.length; k++) {
    const slot = p.slots[k]!;
    wonde.marks.push({ student: id, date: isoOf(dayOfSlot(slot)), session: slot % 2 ? 'PM' : 'AM', code: ATTENDANCE_CODES[p.codes[k]!]!, updatedAt: old });
  }
});
const store = pgMisStore(db);
await store.connect({ schoolId: 'bench', provider: 'wonde', misSchoolId: wonde.school, writeBack: false }, who);
const deps = { mis: wondeSource({ apiUrl: wonde.url, token: wonde.token }), store, imports: pgImports(db), clock: { now: () => new Date() } };

let t0 = performance.now();
const first = await syncMis(deps, 'bench', { full: true });
const firstSeconds = (performance.now() - t0) / 1000;

// one morning: every pupil's AM mark of the last day changes
const lastDay = wonde.marks.reduce((d, m) => (m.date > d ? m.date : d), '');
const later = new Date(Date.now() + 60_000);
let changed = 0;
for (const m of wonde.marks) if (m.date === lastDay && m.session === 'AM') { m.code = m.code === '/' ? 'N' : '/'; m.updatedAt = later; changed++; }
t0 = performance.now();
const morning = await syncMis(deps, 'bench', { roll: false });
const incrementalSeconds = (performance.now() - t0) / 1000;

await wonde.close();
await db.close();
console.log(JSON.stringify({
  pupils: first.roll?.rows, marks: first.marks?.rows, firstSeconds: Number(firstSeconds.toFixed(2)),
  changed, incrementalRows: morning.marks?.rows, incrementalSeconds: Number(incrementalSeconds.toFixed(2)), requests: wonde.requests.length,
}));
