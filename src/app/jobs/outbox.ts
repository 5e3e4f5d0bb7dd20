/**
 * outbox: every minute, brings up to date the shared lists casework asked for (a crash between the
 * casework's commit and the list's update leaves the request here), then sends the school's posts
 * an earlier attempt left pending (a platform outage longer than any job's retries, a crash, one
 * channel that failed, an update that failed) once their next attempt is due, for up to three
 * days (src/app/delivery.ts).
 */
import { redeliverPending } from '../delivery.ts';
import type { Job } from './job.ts';
import { refreshUnexplainedLists } from './unexplained-list.ts';

export const outbox: Job = {
  anyDay: true,
  async run(deps, school) {
    for (const { date, at } of await deps.posts.refreshesAsked(school.id)) {
      await refreshUnexplainedLists(deps, school.id, date);
      await deps.posts.refreshed(school.id, date, at);
    }
    const result = await redeliverPending(deps, school.id);
    return { items: result.posted + result.updated + result.unchanged + result.failed.length, delivery: [result] };
  },
};
