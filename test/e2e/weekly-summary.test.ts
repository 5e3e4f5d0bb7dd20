/**
 * The weekly summary for senior leaders: posted on the last school day of the week by the
 * school's calendar (Thursday before an INSET Friday), caught up after downtime, once.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../src/app/jobs/index.ts';
import { setTermDates } from '../../src/app/use-cases/school/settings.ts';
import { forgetSchool, pgSchoolAdmin } from '../../src/adapters/db/school-store.ts';
import { loadEnv } from '../../src/config/env.ts';
import { chatPlatforms, jobDeps } from '../../src/compose.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { englishTermDatesAround } from '../../src/domain/term-dates.ts';
import { catchUp, createQueue, startWorker } from '../../jobs/queue.ts';
import { freshDatabase } from '../support/db.ts';
import { fakeSlack, type Fake } from '../support/fakes.ts';
import { checkBlockKit } from '../support/card-checks.ts';

const AS_OF = '2025-02-26'; // a Wednesday in Spring 2
const SENIOR = 'C0DEMOSLT';
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let slack: Fake;
let now = new Date('2025-02-26T16:00:00Z');
let deps: Parameters<typeof runJob>[0];

beforeAll(async () => {
  ctx = await freshDatabase('weekly');
  await seedDemo(ctx.db, AS_OF);
  // Friday 28 February is an INSET day
  const spec = englishTermDatesAround(AS_OF);
  await setTermDates(pgSchoolAdmin(ctx.db), { actor: { kind: 'cli', user: 'test' }, source: 'cli' }, 'demo', { ...spec, closures: [...(spec.closures ?? []), { date: '2025-02-28', reason: 'INSET' }] });
  forgetSchool(ctx.db, 'demo');
  slack = await fakeSlack();
  const env = loadEnv({ DATABASE_URL: ctx.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/` });
  deps = jobDeps(ctx.db, chatPlatforms(env), { now: () => now }, { afterMinutes: 30, from: '08:00', to: '17:00' });
});
afterAll(async () => { await slack?.close(); await ctx?.drop(); });

const summaries = () => slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === SENIOR)
  .map((c) => c.body as { text: string; blocks: Record<string, any>[] }).filter((b) => b.text.startsWith('Week ending'));

describe('the weekly summary', () => {
  it('on a day before the week is over, posts the latest week over if its summary was never sent (late, said so); once', async () => {
    const report = await runJob(deps, 'weekly-summary', 'demo', AS_OF);
    expect(report.delivery[0]!.posted).toBe(1);
    const [late] = summaries();
    expect(late!.text).toMatch(/^Week ending Fri 14 Feb: \d+\.\d% attendance, PA \d+\.\d%, SA \d+\.\d%/);
    expect(JSON.stringify(late!.blocks)).toContain('Posted late: the summary was due on Fri 14 Feb');
    expect(checkBlockKit(late!.blocks)).toEqual([]);
    expect(JSON.stringify(late!.blocks.at(-1))).toContain('Demo Academy');
    await runJob(deps, 'weekly-summary', 'demo', AS_OF);
    expect(summaries()).toHaveLength(1);
  });

  it('after a restart on the Thursday before an INSET Friday: the catch-up posts that week, as its last school day; charts of the week by year and of PA and SA against the week before and national', async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const prefix = `test-${process.pid}-weekly`;
    const queue = createQueue(redis, prefix);
    const worker = startWorker(redis.duplicate(), deps, { prefix });
    try {
      // the service was down from before 15:45 until 17:00 on Thursday 27 February
      now = new Date('2025-02-27T17:00:00Z');
      const queued = await catchUp(queue, deps, now);
      expect(queued).toContain('catch-up.demo.weekly-summary.2025-02-27');
      await expect.poll(() => summaries().length, { timeout: 15_000 }).toBe(2);
      const thursday = summaries()[1]!;
      expect(thursday.text).toMatch(/^Week ending Thu 27 Feb:/);
      expect(JSON.stringify(thursday.blocks)).not.toContain('Posted late');
      expect(checkBlockKit(thursday.blocks)).toEqual([]);
      const charts = thursday.blocks.filter((b) => b.type === 'data_visualization');
      expect(charts.map((c) => c.title)).toEqual(['Attendance this week by year', 'Persistent and severe absence']);
      expect(charts[0]!.chart.series.map((s: { name: string }) => s.name)).toEqual(['This week', 'Week before']);
      expect(charts[0]!.chart.axis_config.categories).toEqual(['Year 7', 'Year 8', 'Year 9', 'Year 10', 'Year 11']);
      expect(charts[1]!.chart.series.map((s: { name: string }) => s.name)).toEqual(['This week', 'Week before', 'National 2023/24']);
      expect(JSON.stringify(thursday.blocks)).toContain('week before, to Fri 14 Feb');
      // the next check finds it done
      await expect.poll(async () => (await catchUp(queue, deps, now)).includes('catch-up.demo.weekly-summary.2025-02-27'), { timeout: 15_000 }).toBe(false);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      redis.disconnect();
    }
    // Friday is not a school day; on Monday the week is already summarised: nothing more is posted
    expect((await runJob(deps, 'weekly-summary', 'demo', '2025-02-28')).skipped).toMatch(/not a school day/);
    await runJob(deps, 'weekly-summary', 'demo', '2025-03-03');
    expect(summaries()).toHaveLength(2);
  });
});
