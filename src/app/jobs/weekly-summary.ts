/**
 * weekly-summary: for senior leaders, on the last school day of each week by the school's
 * calendar (Thursday when Friday is an INSET day): the week's attendance by year against the
 * week before, PA and SA against the week before and the national figures, and who entered PA
 * or SA. Run each weekday: on any other day it posts the latest week already over if that
 * week's summary has not gone out (the service was down on its day), once.
 */
import { weeklySummaryCard, type WeeklySummaryView } from '../../../cards/jobs.ts';
import { cohortFigures, NATIONAL } from '../../domain/cohort.ts';
import { dayOf, isoOf, mondayOf, schoolDate } from '../../domain/dates.ts';
import { displayName } from '../../domain/names.ts';
import { ABSENCE_LEVEL, ABSENCE_LEVEL_RANK, addStats, attendancePct, formatPct, statisticsBetween, ZERO_STATS } from '../../domain/statistics.ts';
import { deliver } from '../delivery.ts';
import { evaluateRoll } from '../roll.ts';
import type { Job } from './job.ts';

export const WEEKLY_SUMMARY = 'weekly-summary';
/** The post log's session for the one summary of a week (its date key is the week's last school day). */
const ONE = 'week';

export const weeklySummary: Job = {
  async run(deps, school, date) {
    const cal = school.calendar;
    const end = cal.weekToSummarise(dayOf(date));
    if (end === undefined) return { items: 0, delivery: [] };
    const weekKey = isoOf(end);
    if (end !== dayOf(date) && await deps.posts.wasSent(school.id, WEEKLY_SUMMARY, weekKey, ONE)) return { items: 0, delivery: [] };
    const previousEnd = cal.lastSchoolDayOnOrBefore(mondayOf(end) - 1);
    const pupils = await evaluateRoll(deps, school, weekKey);
    const week = (from: number, to: number) => pupils.map((x) => ({ x, stats: statisticsBetween(x.register, from, to) }));
    const thisWeek = week(mondayOf(end), end);
    const lastWeek = previousEnd === undefined ? [] : week(mondayOf(previousEnd), previousEnd);
    const sum = (rows: typeof thisWeek, year?: number) => attendancePct(rows.filter((r) => year === undefined || r.x.pupil.yearGroup === year).reduce((s, r) => addStats(s, r.stats), ZERO_STATS));
    const now = cohortFigures(pupils.map((x) => x.evaluation));
    const then = previousEnd === undefined ? undefined : cohortFigures(pupils.map((x) => x.at(previousEnd)));
    const entered = pupils.flatMap((x) => {
      const was = previousEnd === undefined ? 0 : ABSENCE_LEVEL_RANK[ABSENCE_LEVEL[x.at(previousEnd).status]];
      const is = ABSENCE_LEVEL_RANK[ABSENCE_LEVEL[x.evaluation.status]];
      return is > was ? [{ name: displayName(x.pupil), regGroup: x.pupil.regGroup, entered: is === 2 ? 'SA' as const : 'PA' as const, attendance: formatPct(attendancePct(x.evaluation.stats)) }] : [];
    }).sort((a, b) => a.regGroup.localeCompare(b.regGroup) || a.name.localeCompare(b.name));
    const years = [...new Set(pupils.map((x) => x.pupil.yearGroup))].sort((a, b) => a - b);
    const view: WeeklySummaryView = {
      weekEnding: schoolDate(weekKey), ...(previousEnd !== undefined ? { previousWeekEnding: schoolDate(isoOf(previousEnd)) } : {}),
      late: end !== dayOf(date),
      attendance: { week: sum(thisWeek), previous: previousEnd === undefined ? null : sum(lastWeek) },
      byYear: years.map((year) => ({ year, week: sum(thisWeek, year), previous: previousEnd === undefined ? null : sum(lastWeek, year) })),
      persistent: { week: now.persistentPct, previous: then?.persistentPct ?? null },
      severe: { week: now.severePct, previous: then?.severePct ?? null },
      national: NATIONAL, entered,
    };
    const delivery = [await deliver(deps, { schoolId: school.id, kind: WEEKLY_SUMMARY, dateKey: weekKey, session: ONE, purpose: 'senior', card: weeklySummaryCard(view) })];
    return { items: entered.length, delivery };
  },
};
