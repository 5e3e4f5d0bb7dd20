/**
 * One scheduled job in a process of its own, for tests that kill it (kill -9) mid-job:
 * JOB, SCHOOL, DATE and NOW (an instant) from the environment, with DATABASE_URL,
 * SLACK_BOT_TOKEN and SLACK_API_URL as the service reads them.
 */
import { openDb } from '../../src/adapters/db/client.ts';
import { isJobKind, runJob } from '../../src/app/jobs/index.ts';
import { chatPlatforms, jobDeps } from '../../src/compose.ts';
import { loadEnv } from '../../src/config/env.ts';

const env = loadEnv();
const kind = process.env.JOB ?? '';
if (!isJobKind(kind)) throw new Error(`JOB: not a job: ${kind}`);
const now = new Date(process.env.NOW ?? Date.now());
const db = openDb(env.DATABASE_URL);
const report = await runJob(jobDeps(db, chatPlatforms(env), { now: () => now }), kind, process.env.SCHOOL!, process.env.DATE!);
process.stdout.write(`${JSON.stringify(report)}\n`);
await db.close();
