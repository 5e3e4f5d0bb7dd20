import { readFileSync } from 'node:fs';
import { InputError, parseRegisterCsv } from '../../adapters/ingest/register-csv.ts';
import { evaluateRegister } from '../../app/evaluate.ts';
import { parseIsoDate } from '../../domain/dates.ts';
import { CliError, type Command, parseOptions } from '../command.ts';

export const evaluateCommand: Command = {
  summary: 'evaluate --register FILE.csv --as-of YYYY-MM-DD --json: per-pupil figures (see README)',
  async run(argv) {
    const { values } = parseOptions('evaluate', argv, {
      register: { type: 'string' },
      'as-of': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.register) throw new CliError('evaluate: --register FILE is required');
    if (!values['as-of']) throw new CliError('evaluate: --as-of YYYY-MM-DD is required');
    const asOf = parseIsoDate(values['as-of']);
    if (asOf === undefined) throw new CliError(`evaluate: --as-of: not a date (YYYY-MM-DD): "${values['as-of']}"`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(values.register);
    } catch (err) {
      throw new CliError(`${values.register}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let rows;
    try {
      rows = evaluateRegister(parseRegisterCsv(bytes, values.register), asOf);
    } catch (err) {
      if (err instanceof InputError) throw new CliError(err.message);
      throw err;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      process.stdout.write('upn        possible  present  auth  unauth  attend%  PA  SA  penalty(10wk)\n');
      for (const r of rows) {
        process.stdout.write(
          `${r.upn.padEnd(10)} ${String(r.possible).padStart(8)} ${String(r.present).padStart(8)} ${String(r.authorised).padStart(5)} ${String(r.unauthorised).padStart(7)} ${String(r.attendancePct ?? '-').padStart(8)}  ${r.persistentAbsence ? 'Y ' : '- '}  ${r.severeAbsence ? 'Y ' : '- '}  ${r.penalty.unauthorisedSessions}${r.penalty.thresholdMet ? ' (threshold met)' : ''}\n`,
        );
      }
    }
    return 0;
  },
};
