/**
 * outbox: every minute, sends the school's posts an earlier attempt left pending (a platform
 * outage longer than any job's retries, a crash, one channel that failed) once their next
 * attempt is due, for up to three days (src/app/delivery.ts).
 */
import { redeliverPending } from '../delivery.ts';
import type { Job } from './job.ts';

export const outbox: Job = {
  anyDay: true,
  async run(deps, school) {
    const result = await redeliverPending(deps, school.id);
    return { items: result.posted + result.updated + result.unchanged + result.failed.length, delivery: [result] };
  },
};
