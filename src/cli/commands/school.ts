import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LADDER_PRESETS } from '../../config/ladder-presets.ts';
import { LadderError, parseLadder } from '../../config/ladder.ts';
import { audit } from '../../adapters/db/audit.ts';
import { setCalendar, setEscalation, upsertSchool } from '../../adapters/db/school-store.ts';
import { pgChannels } from '../../adapters/db/stores.ts';
import type { Purpose } from '../../app/ports.ts';
import { isPurpose, PURPOSES } from '../../domain/audience.ts';
import { CalendarError, type CalendarSpec } from '../../domain/calendar.ts';
import { englishTermDates } from '../../domain/term-dates.ts';
import type { Ladder } from '../../domain/ladder.ts';
import { CliError, type Command, parseOptions } from '../command.ts';
import { cliActor, withDb } from '../context.ts';
import { connectWonde, misStatus, syncNow } from './mis.ts';

async function ladderOption(value: string): Promise<Ladder> {
  if (LADDER_PRESETS[value]) return LADDER_PRESETS[value]!;
  try {
    return parseLadder(JSON.parse(await readFile(value, 'utf8')), value);
  } catch (err) {
    if (err instanceof LadderError) throw new CliError(err.message);
    throw new CliError(`--ladder ${value}: neither a preset (${Object.keys(LADDER_PRESETS).join(', ')}) nor a readable ladder JSON file: ${(err as Error).message}`);
  }
}

async function calendarOption(value: string): Promise<CalendarSpec> {
  if (/^\d{4}$/.test(value)) return englishTermDates(Number(value));
  try {
    return JSON.parse(await readFile(value, 'utf8')) as CalendarSpec;
  } catch (err) {
    throw new CliError(`--term-dates ${value}: neither a year (e.g. 2026) nor a readable JSON file: ${(err as Error).message}`);
  }
}

function checkWorkspace(slackTeam: string | undefined, tenant: string | undefined): void {
  if (slackTeam !== undefined && !/^[TE][A-Z0-9]{2,20}$/.test(slackTeam)) throw new CliError(`--slack-team "${slackTeam.slice(0, 40)}": a Slack workspace id (team_id), e.g. T0123ABCD`);
  if (tenant !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenant)) throw new CliError(`--teams-tenant "${tenant.slice(0, 40)}": a Microsoft 365 tenant id (a GUID)`);
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export const schoolCommand: Command = {
  summary: `school connect wonde --school ID --wonde-school WONDE_ID [--write-back]; school sync --school ID [--full]; school mis-status [--school ID]; school create --id ID --name NAME --ladder PRESET|FILE [--term-dates YEAR|FILE] [--slack-team T…] [--teams-tenant TENANT_ID]; school workspace --school ID [--slack-team T…] [--teams-tenant GUID]; school escalation --school ID --after MINUTES [--hours HH:MM-HH:MM]; school api-key --school ID --label LABEL; school channel --school ID --purpose ${PURPOSES.join('|')} [--year N] --slack CHANNEL`,
  async run(argv) {
    const { values, positionals } = parseOptions('school', argv, {
      id: { type: 'string' }, name: { type: 'string' }, ladder: { type: 'string' }, 'term-dates': { type: 'string' },
      school: { type: 'string' }, label: { type: 'string' }, purpose: { type: 'string' }, year: { type: 'string' }, slack: { type: 'string' },
      'slack-team': { type: 'string' }, 'teams-tenant': { type: 'string' },
      'wonde-school': { type: 'string' }, 'write-back': { type: 'boolean' }, full: { type: 'boolean' },
      after: { type: 'string' }, hours: { type: 'string' },
    }, true);
    if (positionals[0] === 'escalation') {
      const hours = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(values.hours ?? '08:00-17:00');
      if (!values.school || !/^\d{1,3}$/.test(values.after ?? '') || Number(values.after) < 5 || !hours || hours[1]! >= hours[2]!) {
        throw new CliError('school escalation: --school ID --after MINUTES (5 or more) [--hours HH:MM-HH:MM] are required');
      }
      const policy = { afterMinutes: Number(values.after), from: hours[1]!, to: hours[2]! };
      await withDb((db) => setEscalation(db, values.school!, policy, cliActor()).catch((err: Error) => { throw new CliError(`school escalation: ${err.message}`); }));
      process.stdout.write(`school ${values.school}: an unacknowledged flag escalates after ${policy.afterMinutes} minutes of school hours (${policy.from}-${policy.to} on school days)\n`);
      return 0;
    }
    if (positionals[0] === 'connect') {
      if (positionals[1] !== 'wonde') throw new CliError('school connect: the MIS connector is `wonde`: school connect wonde --school ID --wonde-school WONDE_ID [--write-back]');
      if (!values.school || !values['wonde-school']) throw new CliError('school connect wonde: --school ID and --wonde-school WONDE_ID are required');
      return connectWonde(values.school, values['wonde-school'], values['write-back'] ?? false);
    }
    if (positionals[0] === 'sync') {
      if (!values.school) throw new CliError('school sync: --school ID is required');
      return syncNow(values.school, values.full ?? false);
    }
    if (positionals[0] === 'mis-status') return misStatus(values.school);
    if (positionals[0] === 'create') {
      if (!values.id || !/^[a-z0-9][a-z0-9-]*$/.test(values.id)) throw new CliError('school create: --id is required: lower-case letters, digits and dashes');
      if (!values.name) throw new CliError('school create: --name is required');
      const ladder = await ladderOption(values.ladder ?? 'woburn');
      const spec = values['term-dates'] ? await calendarOption(values['term-dates']) : undefined;
      const slackTeam = values['slack-team'];
      const tenant = values['teams-tenant'];
      checkWorkspace(slackTeam, tenant);
      await withDb(async (db) => {
        await upsertSchool(db, { id: values.id!, name: values.name!, ladder, ...(slackTeam ? { slackTeamId: slackTeam } : {}), ...(tenant ? { teamsTenantId: tenant } : {}) }, cliActor());
        if (spec) {
          try {
            await setCalendar(db, values.id!, spec, cliActor());
          } catch (err) {
            if (err instanceof CalendarError) throw new CliError(`--term-dates: ${err.message}`);
            throw err;
          }
        }
      }, { prepare: true });
      process.stdout.write(`school ${values.id}: saved with the ${ladder.name} ladder${spec ? ` and ${spec.halfTerms.length} half terms` : ''}${slackTeam ? `; Slack workspace ${slackTeam}` : ''}${tenant ? `; Teams tenant ${tenant.toLowerCase()}` : ''}\n`);
      return 0;
    }
    if (positionals[0] === 'workspace') {
      const slackTeam = values['slack-team'];
      const tenant = values['teams-tenant']?.toLowerCase();
      if (!values.school || (!slackTeam && !tenant)) throw new CliError('school workspace: --school ID and --slack-team T… and/or --teams-tenant GUID are required');
      checkWorkspace(slackTeam, tenant);
      await withDb(async (db) => {
        const r = await db.pool.query(`UPDATE "School" SET "slackTeamId" = coalesce($2, "slackTeamId"), "teamsTenantId" = coalesce($3, "teamsTenantId") WHERE id = $1`, [values.school, slackTeam ?? null, tenant ?? null]);
        if (r.rowCount === 0) throw new CliError(`school workspace: no school "${values.school}"`);
        await audit(db.pool, { schoolId: values.school, ...cliActor(), action: 'school.workspace', subjectType: 'School', subjectId: values.school, detail: { slackTeamId: slackTeam ?? null, teamsTenantId: tenant ?? null } });
      });
      process.stdout.write(`school ${values.school}: staff are recognised in${slackTeam ? ` Slack workspace ${slackTeam}` : ''}${slackTeam && tenant ? ' and' : ''}${tenant ? ` Teams tenant ${tenant}` : ''}\n`);
      return 0;
    }
    if (positionals[0] === 'api-key') {
      if (!values.school || !values.label) throw new CliError('school api-key: --school ID and --label LABEL are required');
      const key = `att_${randomBytes(24).toString('base64url')}`;
      await withDb(async (db) => {
        const s = await db.pool.query('SELECT 1 FROM "School" WHERE id = $1', [values.school]);
        if (s.rowCount === 0) throw new CliError(`school api-key: no school "${values.school}"`);
        const r = await db.pool.query<{ id: number }>('INSERT INTO "ApiKey" ("schoolId", label, "keyHash") VALUES ($1, $2, $3) RETURNING id', [values.school, values.label, hashApiKey(key)]);
        await audit(db.pool, { schoolId: values.school, ...cliActor(), action: 'api-key.create', subjectType: 'ApiKey', subjectId: String(r.rows[0]!.id), detail: { label: values.label } });
      });
      process.stdout.write(`${key}\n`);
      process.stderr.write('school api-key: keep this key safe: it is shown once and stored only as a hash\n');
      return 0;
    }
    if (positionals[0] === 'channel') {
      if (!values.school || !values.purpose || !isPurpose(values.purpose) || !values.slack) {
        throw new CliError(`school channel: --school ID, --purpose (${PURPOSES.join('|')}) and --slack CHANNEL_ID are required`);
      }
      if (values.purpose === 'year' && !/^\d{1,2}$/.test(values.year ?? '')) throw new CliError('school channel: --purpose year needs --year N');
      const year = values.purpose === 'year' ? Number(values.year) : null;
      await withDb(async (db) => {
        const s = await db.pool.query('SELECT 1 FROM "School" WHERE id = $1', [values.school]);
        if (s.rowCount === 0) throw new CliError(`school channel: no school "${values.school}"`);
        await pgChannels(db).bind({ schoolId: values.school!, target: { platform: 'slack', channelId: values.slack! }, purpose: values.purpose as Purpose, ...(year !== null ? { yearGroup: year } : {}) });
        await audit(db.pool, { schoolId: values.school, ...cliActor(), action: 'school.channel', detail: { purpose: values.purpose, year, slack: values.slack } });
      });
      process.stdout.write(`school ${values.school}: ${values.purpose}${year !== null ? ` ${year}` : ''} posts go to Slack channel ${values.slack}\n`);
      return 0;
    }
    throw new CliError('school: usage: school create … | school workspace … | school api-key … | school channel … | school connect wonde … | school sync … | school mis-status');
  },
};
