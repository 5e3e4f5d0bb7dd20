import { isJobKind, JOB_KINDS, runJob } from '../../app/jobs/index.ts';
import { SchoolNotFoundError } from '../../adapters/db/school-store.ts';
import { parseIsoDate } from '../../domain/dates.ts';
import { compose } from '../../compose.ts';
import { CliError, type Command, parseOptions } from '../command.ts';
import { withDb } from '../context.ts';
import { civilDate } from '../../config/clock.ts';

export const jobsCommand: Command = {
  summary: `jobs run <${JOB_KINDS.join('|')}> --school ID [--date YYYY-MM-DD]: run a job once, as the scheduler would`,
  async run(argv) {
    const { values, positionals } = parseOptions('jobs', argv, { school: { type: 'string' }, date: { type: 'string' } }, true);
    const [verb, kind] = positionals;
    if (verb !== 'run' || !kind || !isJobKind(kind)) throw new CliError(`jobs: usage: jobs run <${JOB_KINDS.join('|')}> --school ID [--date YYYY-MM-DD]`);
    if (!values.school) throw new CliError('jobs run: --school ID is required');
    const date = values.date ?? civilDate(new Date());
    if (parseIsoDate(date) === undefined) throw new CliError(`jobs run: --date: not a date (YYYY-MM-DD): "${date}"`);
    try {
      const report = await withDb(async (db, env) => runJob(compose(db, env).jobs, kind, values.school!, date));
      if (report.skipped) process.stdout.write(`jobs run ${kind}: skipped: ${report.skipped}\n`);
      else {
        const d = report.delivery.reduce((a, r) => ({ posted: a.posted + r.posted, updated: a.updated + r.updated, unchanged: a.unchanged + r.unchanged, skipped: [...a.skipped, ...r.skipped] }), { posted: 0, updated: 0, unchanged: 0, skipped: [] as string[] });
        process.stdout.write(`jobs run ${kind} ${values.school} ${date}: ${report.items} item(s); posted ${d.posted}, updated ${d.updated}, unchanged ${d.unchanged}${d.skipped.length ? `; not posted: ${d.skipped.join(', ')}` : ''}\n`);
      }
      return 0;
    } catch (err) {
      if (err instanceof SchoolNotFoundError) throw new CliError(`jobs run: ${err.message}`);
      throw err;
    }
  },
};
