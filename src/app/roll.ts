/**
 * One evaluation of the roll: for a school and a date, load once what the rules need (the
 * pupils on roll, their registers, the marks already linked to a penalty notice, the ladder
 * steps done, the last contact) and evaluate every pupil with the same options. Every job,
 * list, query and card uses this or its single-pupil form, so they cannot disagree.
 */
import { type DayCounters, dayCounters } from '../domain/counters.ts';
import { type DayNumber, type Slot, academicYearOf, academicYearStart, dayOf } from '../domain/dates.ts';
import { evaluatePupil, type PupilEvaluation } from '../domain/evaluation.ts';
import { type LadderPosition, positionOnLadder, readsLastYear, recordStillCounts, rungHolds, type StepDue, type StepRecord, stepOf } from '../domain/ladder.ts';
import { linkedForEveryParent, penaltyWindow, unresolvedNotYetEstablished } from '../domain/penalty.ts';
import { PupilRegister } from '../domain/register.ts';
import type { CaseFacts, CaseHistory, DataVersions, PupilRecord, Registers, Roll, RollFilter, SchoolContext } from './ports.ts';

export interface RollDeps {
  readonly roll: Roll;
  readonly registers: Registers;
  readonly cases: CaseHistory;
  /** With it, the whole roll's evaluation is kept while the school's data is unchanged (`keptRoll`). */
  readonly versions?: DataVersions;
}

export interface EvaluatedPupil {
  readonly pupil: PupilRecord;
  readonly register: PupilRegister;
  readonly evaluation: PupilEvaluation;
  readonly facts: CaseFacts;
  /** Where the pupil stands on the school's ladder: their rung, its steps and what was recorded. */
  readonly position: LadderPosition;
  /** The steps of the school's ladder due now (the position's), first rung first. */
  readonly due: readonly StepDue[];
  /** The same pupil evaluated as of another day, with the same register and options. */
  at(day: DayNumber): PupilEvaluation;
}

const NO_FACTS: CaseFacts = { linkedByParent: new Map(), parents: [], steps: [], reviews: [], notices: [] };

/**
 * How far back registers are read at first: the academic year, the summer before it and the
 * term before that. A pupil whose run of absence reaches the first day read is read again
 * from further back, so runs that cross the summer are counted whole.
 */
export const FIRST_READ_DAYS_BEFORE_YEAR = 120;
const FURTHER_READ_DAYS = 365;

export async function evaluateRoll(deps: RollDeps, school: SchoolContext, date: string, filter?: RollFilter): Promise<EvaluatedPupil[]> {
  const kept = filter === undefined ? await keptRoll(deps, school, date) : undefined;
  if (kept) return [...kept.all];
  const pupils = await deps.roll.onRoll(school.id, date, filter);
  // the whole roll reads the whole school's register at once, not pupil by pupil
  return evaluatePupils(deps, school, date, pupils, { wholeRoll: filter === undefined });
}

/**
 * The whole roll's evaluation on a day, kept per composition (its register store), school and
 * day while the school's data version is the one it was read at and the school is the same
 * object (the school store gives the same object while its settings are unchanged, so only a
 * change of settings evaluates again). The version is read before the data:
 * an evaluation can only be newer than its version, never older, so a later change is always
 * seen. Every question and job about many pupils reads from it; a change anywhere (an import, a
 * sync, a mark amended from chat, casework) makes the next read evaluate again, once, however
 * many ask at the same time. Bounded: the most recently used KEPT_ROLLS school days.
 */
interface KeptRoll { readonly all: readonly EvaluatedPupil[]; readonly byId: ReadonlyMap<number, EvaluatedPupil> }
const KEPT_ROLLS = 16;
const keptRolls = new WeakMap<object, Map<string, { version: string; school: SchoolContext; roll: Promise<KeptRoll> }>>();

async function keptRoll(deps: RollDeps, school: SchoolContext, date: string, build = true): Promise<KeptRoll | undefined> {
  if (!deps.versions) return undefined;
  let kept = keptRolls.get(deps.registers);
  const key = `${school.id}|${date}`;
  if (!build && !kept?.has(key)) return undefined;
  const version = await deps.versions.of(school.id);
  if (!kept) keptRolls.set(deps.registers, (kept = new Map()));
  const hit = kept.get(key);
  kept.delete(key);
  if (hit && hit.version === version && hit.school === school) {
    kept.set(key, hit); // the most recently used last
    return hit.roll;
  }
  if (!build) return undefined;
  const roll = (async (): Promise<KeptRoll> => {
    const all = await evaluateMany(deps, school, date, await deps.roll.onRoll(school.id, date), { wholeRoll: true });
    return { all, byId: new Map(all.map((x) => [x.pupil.id, x])) };
  })();
  kept.set(key, { version, school, roll });
  roll.catch(() => { if (kept.get(key)?.roll === roll) kept.delete(key); });
  while (kept.size > KEPT_ROLLS) kept.delete(kept.keys().next().value!);
  return roll;
}

/**
 * The first day of the register read for an evaluation on `date`; the whole academic year before
 * for a ladder that reads it (a focus family carried across the summer).
 */
export const firstReadDay = (date: string, school?: SchoolContext) => {
  const yearStart = academicYearStart(academicYearOf(dayOf(date)));
  return school && readsLastYear(school.ladder) ? academicYearStart(academicYearOf(yearStart - 1)) : yearStart - FIRST_READ_DAYS_BEFORE_YEAR;
};

/**
 * The single-pupil form, for a card. A card reads the pupil's case file with the facts in one
 * go, so it may hand them in.
 */
export async function evaluateOne(deps: RollDeps, school: SchoolContext, date: string, pupil: PupilRecord, facts?: Promise<CaseFacts>): Promise<EvaluatedPupil> {
  return (await evaluatePupils(deps, school, date, [pupil], { ...(facts ? { facts: facts.then((f) => new Map([[pupil.id, f]])) } : {}) }))[0]!;
}

export interface Preloaded {
  /** The pupils are the whole roll: read the whole school's register at once. */
  readonly wholeRoll?: boolean;
  /** The facts, or their read already under way. */
  readonly facts?: ReadonlyMap<number, CaseFacts> | Promise<ReadonlyMap<number, CaseFacts>>;
  /**
   * Read them from the whole roll's evaluation only if it is kept already; otherwise evaluate
   * these pupils alone. For the unexplained-absence list: a few pupils, at a moment (register
   * close, a call logged) when the data has just changed, so no kept evaluation is current and
   * evaluating the whole roll would read every pupil's year to show a few.
   */
  readonly keptOnly?: boolean;
}

/**
 * Pupils evaluated on a day. Several at once (a list, a form, a year) are read from the kept
 * whole-roll evaluation when there is one and it holds them all; one pupil (a card, which hands
 * in its own facts) is evaluated alone, which is as quick.
 */
export async function evaluatePupils(deps: RollDeps, school: SchoolContext, date: string, pupils: readonly PupilRecord[], pre: Preloaded = {}): Promise<EvaluatedPupil[]> {
  if (pupils.length > 1 && !pre.facts) {
    const kept = await keptRoll(deps, school, date, !pre.keptOnly);
    if (kept && pupils.every((p) => kept.byId.has(p.id))) return pupils.map((p) => kept.byId.get(p.id)!);
  }
  return evaluateMany(deps, school, date, pupils, pre);
}

async function evaluateMany(deps: RollDeps, school: SchoolContext, date: string, pupils: readonly PupilRecord[], pre: Preloaded = {}): Promise<EvaluatedPupil[]> {
  if (pupils.length === 0) return [];
  const day = dayOf(date);
  const ids = pre.wholeRoll ? undefined : pupils.map((p) => p.id);
  const firstRead = firstReadDay(date, school);
  const withLastYear = readsLastYear(school.ladder);
  const [registers, facts] = await Promise.all([
    deps.registers.load(school.id, firstRead, day, ids),
    pre.facts ?? deps.cases.facts(school.id, ids),
  ]);
  const options = (p: PupilRecord) => {
    const f = facts.get(p.id) ?? NO_FACTS;
    return {
      penaltyRules: school.penaltyRules, bands: school.ladder.bands,
      linkedToNotices: linkedForEveryParent(f.linkedByParent, f.parents), withLastYear,
      ...(f.lastContact !== undefined ? { lastContact: f.lastContact } : {}),
    };
  };
  const period = (p: PupilRecord) => ({ admitted: dayOf(p.admissionDate), ...(p.leavingDate ? { left: dayOf(p.leavingDate) } : {}) });
  // one penalty window a day, shared by every pupil evaluated on it
  const windows = new Map<DayNumber, ReturnType<typeof penaltyWindow>>();
  const windowOn = (asOf: DayNumber) => windows.get(asOf) ?? windows.set(asOf, penaltyWindow(school.calendar, asOf)).get(asOf)!;
  const evaluate = (p: PupilRecord, register: PupilRegister, asOf = day) =>
    evaluatePupil(register, school.calendar, asOf, period(p), { ...options(p), window: windowOn(asOf) });

  const read = await readBackWhileRunsOpen(deps, school.id, firstRead, pupils.map((p) => ({ pupil: p, register: registers.get(p.id) ?? PupilRegister.EMPTY })),
    (p, register) => evaluate(p, register), (e, register) => runReachesStart(register, e.counters));
  const out = read.map(({ pupil, register, result }) => ({ pupil, register, evaluation: result }));
  return out.map((x) => {
    const f = facts.get(x.pupil.id) ?? NO_FACTS;
    const at = (other: DayNumber) => evaluate(x.pupil, x.register, other);
    const position = positionOnLadder(school.ladder, x.evaluation, stepsThatCount(school, day, f.steps, at, x.evaluation), {
      today: day, schoolDayAfter: (d, n) => school.calendar.schoolDayAfter(d, n), evaluationOn: at,
    });
    return { ...x, facts: f, position, due: position.due, at };
  });
}

/**
 * The latest record of each step that still counts today: the ladder's re-arming rule
 * (src/domain/ladder.ts) judges, looking back at the pupil's days off the step's rung.
 */
function stepsThatCount(school: SchoolContext, day: DayNumber, records: readonly StepRecord[], at: (day: DayNumber) => PupilEvaluation, now: PupilEvaluation): Map<string, StepRecord> {
  const latest = new Map<string, StepRecord>();
  for (const r of records) if ((latest.get(r.key)?.day ?? -Infinity) <= r.day) latest.set(r.key, r);
  if (latest.size === 0) return latest;
  const evaluations = new Map<DayNumber, PupilEvaluation>();
  const on = (d: DayNumber) => evaluations.get(d) ?? evaluations.set(d, at(d)).get(d)!;
  const schoolDays = school.calendar.schoolDays.filter((d) => d <= day);
  const academicYear = academicYearStart(academicYearOf(day));
  for (const [key, r] of latest) {
    const found = stepOf(school.ladder, key);
    const counts = found !== undefined && recordStillCounts(school.ladder, r, {
      academicYearStart: academicYear, schoolDaysAfter: schoolDays, offRung: (d) => !rungHolds(found.rung, on(d)),
      step: found.step, today: day, ...(now.monitoringPoint ? { monitoringPoint: now.monitoringPoint.day } : {}),
    });
    if (!counts) latest.delete(key);
  }
  return latest;
}

/** The pupil has been absent on every counted day read: the run may start before them. */
function runReachesStart(register: PupilRegister, counters: DayCounters): boolean {
  const run = counters.consecutiveDaysAbsent;
  return run > 0 && run >= register.countedDays();
}

/**
 * Computes each pupil's result from the register read so far; while a pupil's run of absence
 * reaches back to the first day read, reads a year further back for that pupil and again.
 */
async function readBackWhileRunsOpen<T>(
  deps: RollDeps, schoolId: string, firstRead: DayNumber,
  entries: readonly { pupil: PupilRecord; register: PupilRegister }[],
  compute: (p: PupilRecord, register: PupilRegister) => T,
  open: (result: T, register: PupilRegister) => boolean,
): Promise<{ pupil: PupilRecord; register: PupilRegister; result: T }[]> {
  let out = entries.map((x) => ({ ...x, result: compute(x.pupil, x.register) }));
  let from = firstRead;
  for (let round = 0; round < 10; round++) {
    const stillOpen = out.filter((x) => open(x.result, x.register));
    if (stillOpen.length === 0) break;
    const earlier = from - FURTHER_READ_DAYS;
    const more = await deps.registers.load(schoolId, earlier, from - 1, stillOpen.map((x) => x.pupil.id));
    if (more.size === 0) break;
    out = out.map((x) => {
      const older = more.get(x.pupil.id);
      if (!older) return x;
      const register = PupilRegister.concat(older, x.register);
      return { pupil: x.pupil, register, result: compute(x.pupil, register) };
    });
    from = earlier;
  }
  return out;
}

/** How far back the day runs are read at first, in days: six school weeks and more. */
export const RUNS_FIRST_READ_DAYS = 60;

export interface PupilRuns {
  readonly pupil: PupilRecord;
  readonly register: PupilRegister;
  /** Runs (days without contact, unauthorised, missing education) exact; the illness count covers only what was read. */
  readonly counters: DayCounters;
}

/**
 * The day runs of every pupil on roll, for the safeguarding duties, without a whole year's
 * statistics: the register is read from a few weeks back and, for a pupil whose run reaches
 * that far, further back until the run's start. The same counters (src/domain/counters.ts)
 * and the same last contact as a full evaluation.
 */
export async function rollRuns(deps: RollDeps, school: SchoolContext, date: string): Promise<PupilRuns[]> {
  const day = dayOf(date);
  const pupils = await deps.roll.onRoll(school.id, date);
  const firstRead = day - RUNS_FIRST_READ_DAYS;
  const [registers, facts] = await Promise.all([deps.registers.load(school.id, firstRead, day), deps.cases.facts(school.id)]);
  const illnessFrom = academicYearStart(academicYearOf(day));
  const read = await readBackWhileRunsOpen(deps, school.id, firstRead, pupils.map((p) => ({ pupil: p, register: registers.get(p.id) ?? PupilRegister.EMPTY })),
    (p, register) => {
      const lastContact = facts.get(p.id)?.lastContact;
      return dayCounters(register, day, { illnessFrom, ...(lastContact !== undefined ? { lastContact } : {}) });
    },
    (counters, register) => runReachesStart(register, counters));
  return read.map(({ pupil, register, result }) => ({ pupil, register, counters: result }));
}

export interface UnresolvedN {
  readonly pupil: PupilRecord;
  /** Sessions still N more than 5 school days after their day (the reason should be established by then), oldest first. */
  readonly slots: readonly Slot[];
  /** School days in a row absent with no contact, to the day. */
  readonly daysWithoutContact: number;
}

/**
 * Every pupil on roll with an N older than 5 school days (src/domain/penalty.ts
 * `unresolvedNotYetEstablished`, as `evaluate` counts them), with their days without contact,
 * most sessions first. From the whole roll's evaluation when it is kept and current; otherwise
 * only the registers of the pupils with an N in the span read (`Registers.withN`), read as an
 * evaluation reads them; no statistics or ladder.
 */
export async function rollUnresolvedN(deps: RollDeps, school: SchoolContext, date: string): Promise<UnresolvedN[]> {
  const day = dayOf(date);
  const byMost = (a: UnresolvedN, b: UnresolvedN) => b.slots.length - a.slots.length || a.pupil.familyName.localeCompare(b.pupil.familyName);
  // the whole roll's kept evaluation, if there is one, holds them already (the same rule, on the register it read)
  const kept = await keptRoll(deps, school, date, false);
  if (kept) {
    return kept.all.filter((x) => x.evaluation.unresolvedN.length > 0)
      .map((x) => ({ pupil: x.pupil, slots: x.evaluation.unresolvedN, daysWithoutContact: x.evaluation.counters.daysWithoutContact })).sort(byMost);
  }
  const firstRead = firstReadDay(date);
  // only a pupil with an N in the register read can have one unresolved: only theirs are read
  const [roll, withN] = await Promise.all([deps.roll.onRoll(school.id, date), deps.registers.withN(school.id, firstRead, day)]);
  const candidates = new Set(withN);
  const pupils = roll.filter((p) => candidates.has(p.id));
  if (pupils.length === 0) return [];
  const ids = pupils.map((p) => p.id);
  const [registers, facts] = await Promise.all([deps.registers.load(school.id, firstRead, day, ids), deps.cases.facts(school.id, ids)]);
  const illnessFrom = academicYearStart(academicYearOf(day));
  const out: UnresolvedN[] = [];
  for (const pupil of pupils) {
    const register = registers.get(pupil.id) ?? PupilRegister.EMPTY;
    const slots = unresolvedNotYetEstablished(register, school.calendar, day);
    if (slots.length === 0) continue;
    const lastContact = facts.get(pupil.id)?.lastContact;
    const counters = dayCounters(register, day, { illnessFrom, ...(lastContact !== undefined ? { lastContact } : {}) });
    out.push({ pupil, slots, daysWithoutContact: counters.daysWithoutContact });
  }
  return out.sort(byMost);
}
