import { civilDate } from '../../config/clock.ts';
import { parseIsoDate } from '../../domain/dates.ts';
import { seedDemo } from '../../demo/seed.ts';
import { CliError, type Command, parseOptions } from '../command.ts';
import { withDb } from '../context.ts';

export const demoCommand: Command = {
  summary: 'demo seed [--as-of YYYY-MM-DD]: load the demo school (idempotent)',
  async run(argv) {
    const { values, positionals } = parseOptions('demo', argv, { 'as-of': { type: 'string' } }, true);
    if (positionals[0] !== 'seed') throw new CliError('demo: usage: demo seed [--as-of YYYY-MM-DD]');
    const asOf = values['as-of'] ?? civilDate(new Date());
    if (parseIsoDate(asOf) === undefined) throw new CliError(`demo seed: --as-of: not a date (YYYY-MM-DD): "${asOf}"`);
    const r = await withDb((db) => seedDemo(db, asOf), { prepare: true });
    const note = r.asOf === asOf ? '' : ` (${asOf} is not a school day: seeded as of the last school day before it)`;
    process.stdout.write(`demo seed: school "demo" as of ${r.asOf}${note}: ${r.pupils} pupils; marks ${r.marks.inserted} new, ${r.marks.amended} amended, ${r.marks.unchanged} unchanged\n`);
    return 0;
  },
};
