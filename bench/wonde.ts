/**
 * MIS connector benchmark, in its own process: a first sync of a 2,000-pupil school (a year of
 * marks, 760,000) from the stand-in Wonde API (in a process of its own, as Wonde is another
 * machine), then an incremental sync of one morning's marks.
 */
import { BENCH_WHO, freshBenchDb } from './bench-db.ts';
import { pgMisStore } from '../src/adapters/db/mis-store.ts';
import { pgImports } from '../src/adapters/db/stores.ts';
import { wondeSource } from '../src/adapters/mis/wonde/wonde.ts';
import { syncMis } from '../src/app/imports/sync-mis.ts';
import { startStandIn } from './stand-in.ts';

const db = await freshBenchDb(process.env.BENCH_WONDE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/attendance_bench_wonde');
const who = BENCH_WHO;

const { info: wonde, process: standIn } = await startStandIn<{ url: string; token: string; school: string; control: string; marks: number }>('bench/wonde-stand-in.ts');

const store = pgMisStore(db);
await store.connect({ schoolId: 'bench', provider: 'wonde', misSchoolId: wonde.school, writeBack: false }, who);
const reads: { what: string; seconds: number }[] = [];
const source = wondeSource({ apiUrl: wonde.url, token: wonde.token });
// each listing's reading time, beside the whole sync's
const timed = { ...source, async marks(...a: Parameters<typeof source.marks>) { const t = performance.now(); const r = await source.marks(...a); reads.push({ what: 'marks', seconds: (performance.now() - t) / 1000 }); return r; } };
const deps = { mis: timed, store, imports: pgImports(db), clock: { now: () => new Date() } };

let t0 = performance.now();
const full = await syncMis(deps, 'bench', { full: true });
const firstSeconds = (performance.now() - t0) / 1000;
const readSeconds = reads[0]?.seconds ?? 0;

const { changed } = await (await fetch(`${wonde.control}morning`, { method: 'POST' })).json() as { changed: number };
t0 = performance.now();
const morning = await syncMis(deps, 'bench', { roll: false });
const incrementalSeconds = (performance.now() - t0) / 1000;
const { requests } = await (await fetch(`${wonde.control}requests`)).json() as { requests: number };

standIn.kill('SIGTERM');
await db.close();
console.log(JSON.stringify({
  pupils: full.roll?.rows, marks: full.marks?.rows, firstSeconds: Number(firstSeconds.toFixed(2)), marksReadSeconds: Number(readSeconds.toFixed(2)),
  changed, incrementalRows: morning.marks?.rows, incrementalSeconds: Number(incrementalSeconds.toFixed(2)), requests,
}));
