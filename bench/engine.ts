/**
 * Engine benchmark, run in its own process so that its peak memory is its own: evaluates
 * every pupil of the synthetic school (statistics, status, penalty window, counters,
 * patterns, cusp) and prints the time and the process's peak resident memory.
 */
import { dayOf } from '../src/domain/dates.ts';
import { evaluatePupil } from '../src/domain/evaluation.ts';
import { penaltyWindow } from '../src/domain/penalty.ts';
import { PupilRegister } from '../src/domain/register.ts';
import { BENCH_AS_OF, schoolYear } from './synthetic-school.ts';

const year = schoolYear();
const asOf = dayOf(BENCH_AS_OF);
const marks = year.pupils.reduce((n, p) => n + p.slots.length, 0);

const run = () => {
  const t0 = performance.now();
  const window = penaltyWindow(year.calendar, asOf);
  let pa = 0;
  let sa = 0;
  let penalty = 0;
  let absent = 0;
  let possible = 0;
  for (const p of year.pupils) {
    const e = evaluatePupil(PupilRegister.fromPacked(p.slots, p.codes), year.calendar, asOf, {}, { window });
    if (e.status === 'persistent' || e.status === 'severe') pa++;
    if (e.status === 'severe') sa++;
    if (e.penalty.thresholdMet) penalty++;
    absent += e.stats.authorised + e.stats.unauthorised;
    possible += e.stats.possible;
  }
  return { ms: performance.now() - t0, pa, sa, penalty, absent, possible };
};

run(); // warm-up
const r = run();
const n = year.pupils.length;
console.log(JSON.stringify({
  pupils: n,
  marks,
  engineSeconds: +(r.ms / 1000).toFixed(3),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  overallAbsencePct: +((100 * r.absent) / r.possible).toFixed(1),
  persistentAbsencePct: +((100 * r.pa) / n).toFixed(1),
  severeAbsencePct: +((100 * r.sa) / n).toFixed(1),
  penaltyThresholdPupils: r.penalty,
}));
