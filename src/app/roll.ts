/**
 * One evaluation of the roll: for a school and a date, load once what the rules need (the
 * pupils on roll, their registers, the marks already linked to a penalty notice, the ladder
 * steps done, the last contact) and evaluate every pupil with the same options. Every job,
 * list, query and card uses this or its single-pupil form, so they cannot disagree.
 */
import { type DayNumber, academicYearOf, academicYearStart, dayOf } from '../domain/dates.ts';
import { evaluatePupil, type PupilEvaluation } from '../domain/evaluation.ts';
import { type StepDue, stepsDue } from '../domain/ladder.ts';
import { penaltyWindow } from '../domain/penalty.ts';
import { PupilRegister } from '../domain/register.ts';
import type { CaseFacts, CaseHistory, PupilRecord, Registers, Roll, RollFilter, SchoolContext } from './ports.ts';

export interface RollDeps {
  readonly roll: Roll;
  readonly registers: Registers;
  readonly cases: CaseHistory;
}

export interface EvaluatedPupil {
  readonly pupil: PupilRecord;
  readonly register: PupilRegister;
  readonly evaluation: PupilEvaluation;
  readonly facts: CaseFacts;
  /** The steps of the school's ladder due now, first rung first. */
  readonly due: readonly StepDue[];
  /** The same pupil evaluated as of another day, with the same register and options. */
  at(day: DayNumber): PupilEvaluation;
}

const NO_FACTS: CaseFacts = { linkedToNotices: new Set(), stepsDone: new Set(), noticeDays: [] };

/**
 * How far back registers are read at first: the academic year, the summer before it and the
 * term before that. A pupil whose run of absence reaches the first day read is read again
 * from further back, so runs that cross the summer are counted whole.
 */
export const FIRST_READ_DAYS_BEFORE_YEAR = 120;
const FURTHER_READ_DAYS = 365;

export async function evaluateRoll(deps: RollDeps, school: SchoolContext, date: string, filter?: RollFilter): Promise<EvaluatedPupil[]> {
  const pupils = await deps.roll.onRoll(school.id, date, filter);
  return evaluatePupils(deps, school, date, pupils);
}

/** The single-pupil form, for a card. */
export async function evaluateOne(deps: RollDeps, school: SchoolContext, date: string, pupil: PupilRecord): Promise<EvaluatedPupil> {
  return (await evaluatePupils(deps, school, date, [pupil]))[0]!;
}

export async function evaluatePupils(deps: RollDeps, school: SchoolContext, date: string, pupils: readonly PupilRecord[]): Promise<EvaluatedPupil[]> {
  if (pupils.length === 0) return [];
  const day = dayOf(date);
  const ids = pupils.map((p) => p.id);
  const firstRead = academicYearStart(academicYearOf(day)) - FIRST_READ_DAYS_BEFORE_YEAR;
  const [registers, facts] = await Promise.all([
    deps.registers.load(school.id, firstRead, day, ids),
    deps.cases.facts(school.id, ids),
  ]);
  const window = penaltyWindow(school.calendar, day);
  const options = (p: PupilRecord) => {
    const f = facts.get(p.id) ?? NO_FACTS;
    return {
      penaltyRules: school.penaltyRules, bands: school.ladder.bands, window,
      linkedToNotices: f.linkedToNotices,
      ...(f.lastContact !== undefined ? { lastContact: f.lastContact } : {}),
    };
  };
  const period = (p: PupilRecord) => ({ admitted: dayOf(p.admissionDate), ...(p.leavingDate ? { left: dayOf(p.leavingDate) } : {}) });
  const evaluate = (p: PupilRecord, register: PupilRegister, asOf = day) =>
    evaluatePupil(register, school.calendar, asOf, period(p), asOf === day ? options(p) : { ...options(p), window: penaltyWindow(school.calendar, asOf) });

  let out = pupils.map((p) => {
    const register = registers.get(p.id) ?? PupilRegister.EMPTY;
    return { pupil: p, register, evaluation: evaluate(p, register) };
  });
  // a run of absence that reaches back to the first day read may go further back
  let from = firstRead;
  for (let round = 0; round < 10; round++) {
    const open = out.filter((x) => runReachesStart(x.register, x.evaluation));
    if (open.length === 0) break;
    const earlier = from - FURTHER_READ_DAYS;
    const more = await deps.registers.load(school.id, earlier, from - 1, open.map((x) => x.pupil.id));
    if (more.size === 0) break;
    const byId = new Map(out.map((x) => [x.pupil.id, x]));
    for (const [id, older] of more) {
      const x = byId.get(id)!;
      const register = PupilRegister.concat(older, x.register);
      byId.set(id, { pupil: x.pupil, register, evaluation: evaluate(x.pupil, register) });
    }
    out = pupils.map((p) => byId.get(p.id)!);
    from = earlier;
  }
  return out.map((x) => {
    const f = facts.get(x.pupil.id) ?? NO_FACTS;
    return { ...x, facts: f, due: stepsDue(school.ladder, x.evaluation, f.stepsDone), at: (other: DayNumber) => evaluate(x.pupil, x.register, other) };
  });
}

/** The pupil has been absent on every counted day read: the run may start before them. */
function runReachesStart(register: PupilRegister, e: PupilEvaluation): boolean {
  const run = e.counters.consecutiveDaysAbsent;
  return run > 0 && run >= register.countedDays(e.to);
}
