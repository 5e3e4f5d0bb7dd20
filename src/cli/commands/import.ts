import { readFile } from 'node:fs/promises';
import { UnknownSchoolError } from '../../app/imports/import-register.ts';
import { InputError } from '../../app/imports/problems.ts';
import { LA_SINGLE_CHARACTER_MAP, type SourceCodeMap, isAttendanceCode } from '../../domain/codes.ts';
import { CliError, type Command, parseOptions } from '../command.ts';
import { cliActor, withDb, withPool } from '../context.ts';

const KINDS = ['pupils', 'staff', 'register'] as const;

async function codeMapOption(value: string | undefined): Promise<SourceCodeMap | undefined> {
  if (value === undefined) return undefined;
  if (value === 'la') return LA_SINGLE_CHARACTER_MAP;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(value, 'utf8'));
  } catch (err) {
    throw new CliError(`--map ${value}: not "la" nor a readable JSON file: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new CliError(`--map ${value}: expected a JSON object of character → DfE code`);
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string' || !isAttendanceCode(v)) throw new CliError(`--map ${value}: "${k}" maps to ${JSON.stringify(v)}, which is not a DfE 2024 code`);
  }
  return parsed as SourceCodeMap;
}

export const importCommand: Command = {
  summary: 'import pupils|staff|register --school ID FILE [--map la|MAP.json]: validated, all-or-nothing, audited',
  async run(argv) {
    const { values, positionals } = parseOptions('import', argv, { school: { type: 'string' }, map: { type: 'string' } }, true);
    const [kind, file] = positionals;
    if (!kind || !(KINDS as readonly string[]).includes(kind)) throw new CliError(`import: say what to import: ${KINDS.join(', ')}`);
    if (!values.school) throw new CliError('import: --school ID is required');
    if (!file) throw new CliError(`import ${kind}: the FILE to import is required`);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw new CliError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const codeMap = await codeMapOption(values.map);
    const school = values.school;
    try {
      // each kind loads what it reads and writes with: a register, its parser and a pg pool;
      // the roll, its schemas (zod) and the ORM
      const result = kind !== 'register' ? await withDb(async (db) => {
        const [files, { pgImports }] = await Promise.all([import('../../adapters/ingest/import-files.ts'), import('../../adapters/db/stores.ts')]);
        return (kind === 'pupils' ? files.importPupils : files.importStaff)(pgImports(db), school, bytes.toString('utf8'), file, cliActor());
      }) : await withPool(async (pool, url) => {
        const [{ importRegister }, { pgRegisterImports }] = await Promise.all([import('../../adapters/ingest/register-file.ts'), import('../../adapters/db/register-imports.ts')]);
        let last = 0;
        return importRegister(pgRegisterImports(pool, url), school, bytes, file, {
          ...cliActor(), ...(codeMap ? { codeMap } : {}),
          onProgress: (done, total) => {
            if (total >= 100_000 && (done - last >= 100_000 || done === total)) {
              last = done;
              process.stderr.write(`import register: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} marks staged\n`);
            }
          },
        });
      });
      const { warnings = [], ...counts } = result as typeof result & { warnings?: readonly string[] };
      process.stdout.write(`import ${kind} ${file} into ${school}: ${Object.entries(counts).filter(([k]) => k !== 'batchId').map(([k, v]) => `${v} ${k === 'misNotUpdated' ? 'kept from chat (MIS not yet updated)' : k}`).join(', ')}\n`);
      for (const w of warnings) process.stderr.write(`import ${kind}: warning: ${w}\n`);
      return 0;
    } catch (err) {
      if (err instanceof InputError) throw new CliError(`import ${kind}: nothing was imported; the file has ${err.problems.length} problem${err.problems.length > 1 ? 's' : ''}:\n${err.message}`);
      if (err instanceof UnknownSchoolError) throw new CliError(`import ${kind}: ${err.message}`);
      throw err;
    }
  },
};
