/**
 * mis-sync (every 5 minutes) and mis-roll (nightly): registers arrive by themselves for a school
 * connected to its MIS. Marks are synced every few minutes during each register window (from the
 * register's opening to an hour after its close), then hourly in the school's hours; the roll and its
 * contacts nightly. Each sync is incremental (src/app/imports/sync-mis.ts). The unexplained-absence
 * list runs as soon as the first sync after the register closes has landed (posted once: the
 * scheduled run at close + 5 minutes finds it sent).
 */
import { instantOf, timeOfDay } from '../../config/clock.ts';
import { DEFAULT_ESCALATION, minuteOf } from '../../domain/flags.ts';
import { SyncRunningError, syncMis } from '../imports/sync-mis.ts';
import type { SchoolContext } from '../ports.ts';
import type { Job, JobDeps } from './job.ts';
import { afternoonList, morningList } from './unexplained-list.ts';

/** Minutes after a register closes during which marks are still synced every few minutes. */
export const AFTER_CLOSE_MINUTES = 60;
function windowOf(school: SchoolContext, at: Date): 'AM' | 'PM' | 'hourly' | undefined {
  const t = minuteOf(timeOfDay(at, school.timezone));
  for (const s of ['AM', 'PM'] as const) {
    const r = school.calendar.registers[s];
    if (t >= minuteOf(r.opens) && t < minuteOf(r.closes) + AFTER_CLOSE_MINUTES) return s;
  }
  // the first run of each hour in the school's hours (the ones its escalation counts)
  const hours = school.escalation ?? DEFAULT_ESCALATION;
  return t >= minuteOf(hours.from) && t < minuteOf(hours.to) && t % 60 < 5 ? 'hourly' : undefined;
}

/** What a sync needs, when the MIS connector is configured and the school is connected to it. */
async function connected(deps: JobDeps, school: SchoolContext) {
  const mis = deps.mis;
  if (!mis || !(await mis.store.connection(school.id))) return undefined;
  return { mis: mis.source, store: mis.store, imports: mis.imports, clock: deps.clock };
}

export const misSync: Job = {
  async run(deps, school, date) {
    const now = deps.clock.now();
    const window = windowOf(school, now);
    const sync = window ? await connected(deps, school) : undefined;
    if (!window || !sync) return { items: 0, delivery: [] };
    let r;
    try { r = await syncMis(sync, school.id, { roll: false }); } catch (err) {
      if (err instanceof SyncRunningError) return { skipped: err.message, items: 0, delivery: [] };
      throw err;
    }
    const report = { items: r.marks?.rows ?? 0, delivery: [] as Awaited<ReturnType<Job['run']>>['delivery'] };
    // the first sync that lands after the register closed posts the list at once
    if (window !== 'hourly') {
      const closes = instantOf(date, school.calendar.registers[window].closes, school.timezone);
      if (now >= closes && !(await deps.posts.wasSent(school.id, 'unexplained-list', date, window))) {
        report.delivery.push(...(await (window === 'AM' ? morningList : afternoonList).run(deps, school, date)).delivery);
      }
    }
    return report;
  },
};

export const misRoll: Job = {
  anyDay: true,
  async run(deps, school) {
    const sync = await connected(deps, school);
    if (!sync) return { items: 0, delivery: [] };
    try {
      const r = await syncMis(sync, school.id, { marks: false });
      return { items: r.roll?.rows ?? 0, delivery: [] };
    } catch (err) {
      if (err instanceof SyncRunningError) return { skipped: err.message, items: 0, delivery: [] };
      throw err;
    }
  },
};
