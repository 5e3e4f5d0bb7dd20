/**
 * `npm run bench`: prints the figures behind the speed and memory targets. Each part runs
 * in its own process.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_AS_OF, schoolYear, toCsv } from './synthetic-school.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.bench');
mkdirSync(out, { recursive: true });

/** What machine the figures come from: they mean little without it. */
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);

function line(name: string, value: string, target: string, ok: boolean | undefined) {
  const mark = ok === undefined ? '' : ok ? '  ok' : '  MISSED';
  console.log(`${name.padEnd(44)} ${value.padEnd(22)} target ${target}${mark}`);
}

function child(args: string[], env: NodeJS.ProcessEnv = {}) {
  const t0 = performance.now();
  const r = spawnSync(args[0]!, args.slice(1), { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

console.log('== engine: 2,000 pupils, 190 school days ==');
const engine = JSON.parse(child(['npx', 'tsx', 'bench/engine.ts']).stdout.trim().split('\n').at(-1)!);
line('marks', String(engine.marks), '760,000', engine.marks === 760000);
line('engine time, all pupils', `${engine.engineSeconds.toFixed(3)} s`, '< 0.5 s', engine.engineSeconds < 0.5);
line('engine process peak memory', `${engine.peakRssMB} MB`, '< 300 MB', engine.peakRssMB < 300);
line('overall absence', `${engine.overallAbsencePct}%`, '~7% (national)', undefined);
line('persistent absence (pupils)', `${engine.persistentAbsencePct}%`, '~20% (national)', undefined);
line('severe absence (pupils)', `${engine.severeAbsencePct}%`, '~2% (national)', undefined);

console.log('\n== evaluate: the 760,000-row CSV as a whole process ==');
const build = child(['node', 'scripts/dist.mjs']);
line('npm run build (what npm start and the CLI run)', `${build.seconds.toFixed(1)} s`, '', undefined);
const csv = join(out, 'register-2000.csv');
writeFileSync(csv, toCsv(schoolYear()));
const evalArgs = ['evaluate', '--register', csv, '--as-of', BENCH_AS_OF, '--json'];
const evaluate = child(['node', 'dist/src/cli/main.js', ...evalArgs]);
const rows = JSON.parse(evaluate.stdout).length;
const awk = child(['awk', '-F,', 'NR > 1 { c[$1 FS $4]++ } END { for (k in c) n++; print n }', csv]);
const viaNpm = child(['npm', 'run', '-s', 'cli', '--', ...evalArgs]);
const npmAlone = child(['npm', 'run', '-s', 'bench:noop']);
line('evaluate, the compiled CLI as a process', `${evaluate.seconds.toFixed(2)} s`, '< 3 s', evaluate.seconds < 3);
line('a one-pass awk aggregate of the same file', `${awk.seconds.toFixed(2)} s`, '', undefined);
line('evaluate / awk', `${(evaluate.seconds / awk.seconds).toFixed(1)}×`, '<= 2×', evaluate.seconds / awk.seconds <= 2);
line('the contract command (npm run -s cli -- evaluate)', `${viaNpm.seconds.toFixed(2)} s (${(viaNpm.seconds / awk.seconds).toFixed(1)}× awk)`, '', undefined);
line('(npm run of a script that does nothing)', `${npmAlone.seconds.toFixed(2)} s`, '', undefined);
line('pupils in output', String(rows), '2,000', rows === 2000);

// before the benchmarks that write: PostgreSQL is not still flushing what they wrote
console.log('\n== chat: /attendance for one pupil, 50 concurrent requests to the compiled service (autocannon) ==');
const chat = JSON.parse(child(['npx', 'tsx', 'bench/chat.ts']).stdout.trim().split('\n').at(-1)!);
line('requests answered in 10 s after the first 3', `${chat.requests} (${chat.rps}/s), non-2xx ${chat.non2xx}`, 'all 2xx', chat.non2xx === 0 && chat.errors === 0);
line('latency p50 / p90', `${chat.p50} / ${chat.p90} ms`, '', undefined);
line('latency p99', `${chat.p99} ms (max ${chat.max})`, '< 150 ms', chat.p99 < 150);
line('(the first 3 s after a start: p50 / p99)', `${chat.cold.p50} / ${chat.cold.p99} ms (${chat.cold.requests})`, '', undefined);
line('beside nested JSON, 100 slow bodies and a bad roll each second: p99', `${chat.attacked.p99} ms (p50 ${chat.attacked.p50}, max ${chat.attacked.max}; ${chat.attacked.requests} answered, non-2xx ${chat.attacked.non2xx})`, '< 150 ms, all 2xx', chat.attacked.p99 < 150 && chat.attacked.non2xx === 0);

console.log('\n== every kind of question: the demo school, 20 requests a second for 10 s (after 3 s), then 50 concurrent ==');
const kinds = JSON.parse(child(['npx', 'tsx', 'bench/query-kinds.ts']).stdout.trim().split('\n').at(-1)!) as {
  school: { pupils: number }; kinds: { kind: string; title: string; requests: number; non2xx: number; p50: number; p90: number; p99: number; at50: { requests: number; p50: number; p90: number; p99: number } }[];
  pupilAt50: { p99: number };
};
console.log(`(${kinds.school.pupils} pupils; each answered as shown: what a kind answering an error would not)`);
console.log(`${'kind'.padEnd(16)} ${'answers'.padEnd(34)} ${'at 20/s: p50 / p90 / p99'.padEnd(26)} ${'at 50 concurrent: p50 / p90 / p99 (req)'.padEnd(40)} target p99 < 150 ms`);
for (const k of kinds.kinds) {
  const ok = k.p99 < 150 && k.non2xx === 0;
  console.log(`${k.kind.padEnd(16)} ${k.title.slice(0, 34).padEnd(34)} ${`${k.p50} / ${k.p90} / ${k.p99} ms`.padEnd(26)} ${`${k.at50.p50} / ${k.at50.p90} / ${k.at50.p99} ms (${k.at50.requests})`.padEnd(40)} ${ok ? 'ok' : 'MISSED'}`);
}
line('the pupil card at 50 concurrent: p99', `${kinds.pupilAt50.p99} ms`, '< 100 ms', kinds.pupilAt50.p99 < 100);

console.log('\n== import: the same year into PostgreSQL ==');
const imp = JSON.parse(child(['npx', 'tsx', 'bench/import.ts']).stdout.trim().split('\n').at(-1)!);
line('first import (the compiled CLI as a process)', `${imp.firstSeconds} s, ${imp.marksPerSecond.toLocaleString('en-GB')}/s`, '>= 100,000 marks/s', imp.marksPerSecond >= 100_000);
line('raw COPY of the same marks (the floor)', `${imp.copySeconds} s`, '', undefined);
line('import throughput / raw COPY', `${(imp.copySeconds / imp.firstSeconds).toFixed(2)}`, '>= 0.4', imp.copySeconds / imp.firstSeconds >= 0.4);
line('import peak memory', `${imp.peakRssMB} MB`, '< 300 MB', imp.peakRssMB < 300);
line('re-import, 1% changed', `${imp.reimportSeconds} s (${imp.reimportAmended} amended)`, `< ${(imp.firstSeconds / 3).toFixed(2)} s (a third)`, imp.reimportSeconds < imp.firstSeconds / 3);
line('(the same file again: nothing changed)', `${imp.unchangedSeconds} s (${imp.unchangedRows.toLocaleString('en-GB')} unchanged)`, '', undefined);

console.log('\n== MIS connector: a 2,000-pupil school from a stand-in Wonde API ==');
const wonde = JSON.parse(child(['npx', 'tsx', 'bench/wonde.ts']).stdout.trim().split('\n').at(-1)!);
line('first sync (roll, contacts, a year of marks)', `${wonde.firstSeconds} s (${wonde.pupils} pupils, ${wonde.marks.toLocaleString('en-GB')} marks)`, '< 10 s', wonde.firstSeconds < 10);
line('(of which reading the marks, 3,800 pages)', `${wonde.marksReadSeconds} s`, '', undefined);
line('incremental sync of one morning', `${wonde.incrementalSeconds} s (${wonde.incrementalRows} marks)`, '< 5 s', wonde.incrementalSeconds < 5);

console.log('\n== jobs: a trust of 20 schools of 2,000 pupils ==');
const jobs = JSON.parse(child(['npx', 'tsx', 'bench/jobs.ts']).stdout.trim().split('\n').at(-1)!);
line('register close to morning list posted', `${jobs.oneSchoolSeconds} s`, '< 2 s', jobs.oneSchoolSeconds < 2);
line('(the same, first job of a new process)', `${jobs.coldSeconds} s`, '', undefined);
line('morning jobs for 20 schools (BullMQ)', `${jobs.trustSeconds} s`, '< 30 s', jobs.trustSeconds < 30);
line('(setting up: marks seeded)', `${jobs.marks.toLocaleString('en-GB')} in ${jobs.seedSeconds} s`, '', undefined);

console.log('\n== a local authority\'s morning: register close, Wonde incremental sync, every school\'s list, on W worker processes ==');
const la = JSON.parse(child(['npx', 'tsx', 'bench/la-scale.ts']).stdout.trim().split('\n').at(-1)!) as {
  schools: number; pupilsPerSchool: number; marks: number; seedSeconds: number; cores: number; runs: { workers: number; seconds: number; lists: number }[];
  perSchoolSeconds: number; bestWorkers: number; projected200On4: number; projected200Best: number;
};
line('(setting up: schools, pupils, marks so far)', `${la.schools} × ${la.pupilsPerSchool}, ${la.marks.toLocaleString('en-GB')} marks in ${la.seedSeconds} s`, '', undefined);
for (const r of la.runs) line(`register close to the last list, ${r.workers} worker process${r.workers === 1 ? '' : 'es'}`, `${r.seconds} s (${r.lists} lists)`, '', undefined);
line('per school (the best run)', `${la.perSchoolSeconds} s on ${la.bestWorkers} worker(s), ${la.cores} cores`, '', undefined);
line('projected: 200 schools on 4 workers (this machine)', `${la.projected200On4} s`, '< 60 s', la.projected200On4 < 60);
line('projected: 200 schools, the best run here', `${la.projected200Best} s`, '', undefined);
