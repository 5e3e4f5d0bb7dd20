/**
 * `letters template --school ID --list`: the school's letter templates (its own, and the
 * presets' defaults), with the fields a template may use.
 * `letters template --school ID --set FILE`: sets the school's address, signatory and its own
 * templates from a JSON file ({ "address", "signatory", "templates": [{ key, kind, title, body }] }),
 * each template checked (an unknown field, or one its kind must state and leaves out, refused by name).
 * `letters preview --school ID --template KEY --pupil UPN [--date YYYY-MM-DD] [--out DIR]`: writes
 * the drafts, one per parent, as .docx and .pdf.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { letterDocx, letterPdf } from '../../adapters/files/letter-files.ts';
import { appDeps } from '../../compose.ts';
import { draftLetters, LetterError } from '../../app/use-cases/letters/draft-letters.ts';
import { civilDate } from '../../config/clock.ts';
import { DEFAULT_TEMPLATES } from '../../config/letter-templates.ts';
import { draftFileBase, LETTER_FIELDS, TemplateError } from '../../domain/letters.ts';
import { CliError, type Command, parseOptions } from '../command.ts';
import { cliActor, withDb } from '../context.ts';

const USAGE = 'usage: letters template --school ID (--list | --set FILE) | letters preview --school ID --template KEY --pupil UPN [--date YYYY-MM-DD] [--out DIR]';

const templateFile = z.object({
  address: z.string().trim().min(1).max(300).optional(),
  signatory: z.string().trim().min(1).max(200).optional(),
  templates: z.array(z.object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a template key: lower-case letters, digits and hyphens'),
    kind: z.enum(['letter', 'notice-to-improve']),
    title: z.string().trim().min(1).max(200),
    body: z.string().min(1).max(20_000),
  }).strict()).optional(),
}).strict();

export const lettersCommand: Command = {
  summary: 'letters template --school ID --list | --set FILE; letters preview --school ID --template KEY --pupil UPN [--date D] [--out DIR]',
  async run(argv) {
    const [verb, ...rest] = argv;
    if (verb === 'template') {
      const { values } = parseOptions('letters template', rest, { school: { type: 'string' }, list: { type: 'boolean' }, set: { type: 'string' } });
      if (!values.school || (!values.list && !values.set)) throw new CliError(USAGE);
      return withDb(async (db) => {
        const letters = appDeps(db).letters;
        if (values.set) {
          let parsed: z.infer<typeof templateFile>;
          try {
            parsed = templateFile.parse(JSON.parse(await readFile(values.set, 'utf8')));
          } catch (err) {
            const why = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ') : (err as Error).message;
            throw new CliError(`letters template --set ${values.set}: ${why}`);
          }
          try {
            await letters.set(values.school!, parsed, cliActor());
          } catch (err) {
            if (err instanceof TemplateError) throw new CliError(`letters template --set ${values.set}: ${err.message}`);
            throw err;
          }
          process.stdout.write(`letters: school ${values.school}: ${(parsed.templates ?? []).length} template(s) set${parsed.address ? ', address' : ''}${parsed.signatory ? ', signatory' : ''}\n`);
          return 0;
        }
        const own = await letters.settings(values.school!);
        const ownKeys = new Set(own.templates.map((t) => t.key));
        const lines = [
          `address: ${own.address ?? '(not set)'}; signatory: ${own.signatory ?? '(not set)'}`,
          ...own.templates.map((t) => `${t.key}  (the school's own, ${t.kind}): ${t.title}`),
          ...DEFAULT_TEMPLATES.filter((t) => !ownKeys.has(t.key)).map((t) => `${t.key}  (default, ${t.kind}): ${t.title}`),
          '', 'fields:', ...Object.entries(LETTER_FIELDS).map(([k, v]) => `  {{${k}}}  ${v}`),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        return 0;
      });
    }
    if (verb === 'preview') {
      const { values } = parseOptions('letters preview', rest, { school: { type: 'string' }, template: { type: 'string' }, pupil: { type: 'string' }, date: { type: 'string' }, out: { type: 'string' } });
      if (!values.school || !values.template || !values.pupil) throw new CliError(USAGE);
      if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new CliError(`letters preview --date ${values.date}: a date, YYYY-MM-DD`);
      return withDb(async (db) => {
        const deps = appDeps(db);
        let school;
        try { school = await deps.schools.load(values.school!); } catch { throw new CliError(`letters preview: no school "${values.school}"`); }
        const date = values.date ?? civilDate(new Date(), school.timezone);
        const [pupil] = await deps.roll.onRoll(school.id, date, { upn: values.pupil! });
        if (!pupil) throw new CliError(`letters preview --pupil ${values.pupil}: no pupil with that UPN on ${school.name}'s roll on ${date}`);
        let drafts;
        try { drafts = await draftLetters(deps, school, pupil, values.template!, date); } catch (err) {
          if (err instanceof LetterError || err instanceof TemplateError) throw new CliError(`letters preview: ${err.message}`, 1);
          throw err;
        }
        const dir = resolve(values.out ?? '.');
        await mkdir(dir, { recursive: true });
        for (const d of drafts) {
          const base = join(dir, draftFileBase(pupil.upn, d.template, d.parent.name));
          await writeFile(`${base}.docx`, await letterDocx(d));
          await writeFile(`${base}.pdf`, letterPdf(d));
          process.stdout.write(`letters: ${base}.docx and .pdf (to ${d.parent.name}, ${d.parent.relationship}; attendance ${d.values.attendance} on ${d.values.date})\n`);
        }
        return 0;
      });
    }
    throw new CliError(USAGE);
  },
};
