import { readFile } from 'node:fs/promises';
import { LADDER_PRESETS } from '../../config/ladder-presets.ts';
import { LadderError, parseLadder } from '../../config/ladder.ts';
import { compose } from '../../compose.ts';
import * as settings from '../../app/use-cases/school/settings.ts';
import { PURPOSES } from '../../domain/audience.ts';
import type { CalendarSpec } from '../../domain/calendar.ts';
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

/** The option that carries each setting. */
const FLAG_OF: Record<string, string> = {
  id: '--id', name: '--name', slackTeamId: '--slack-team', teamsTenantId: '--teams-tenant', afterMinutes: '--after', from: '--hours', to: '--hours',
  label: '--label', purpose: '--purpose', yearGroup: '--year', channelId: '--slack', school: '--school',
};

/** Runs a school-settings use case over the database; a setting refused is the command's error, named. */
async function withSettings<T>(verb: string, fn: (root: ReturnType<typeof compose>) => Promise<T>, options: { prepare?: boolean } = {}): Promise<T> {
  return withDb(async (db, env) => {
    try {
      return await fn(compose(db, env));
    } catch (err) {
      if (err instanceof settings.SettingsError) {
        // each problem under the option that carried it
        const named = err.problems.filter((p) => FLAG_OF[p.field]);
        throw new CliError(named.length === err.problems.length && named.length > 0
          ? named.map((p) => `${FLAG_OF[p.field]}${p.value !== undefined ? ` "${p.value}"` : ''}: ${p.problem}`).join('; ')
          : `school ${verb}: ${err.message}`);
      }
      throw err;
    }
  }, options);
}

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
      if (!values.school || !values.after || !hours) throw new CliError('school escalation: --school ID --after MINUTES (5 or more) [--hours HH:MM-HH:MM] are required');
      const policy = await withSettings('escalation', (root) => settings.setEscalation(root.schoolAdmin, cliActor(), values.school!, { afterMinutes: values.after, from: hours[1], to: hours[2] }));
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
      if (!values.id) throw new CliError('school create: --id is required: lower-case letters, digits and dashes');
      if (!values.name) throw new CliError('school create: --name is required');
      const ladder = await ladderOption(values.ladder ?? 'woburn');
      const spec = values['term-dates'] ? await calendarOption(values['term-dates']) : undefined;
      const slackTeam = values['slack-team'];
      const tenant = values['teams-tenant'];
      await withSettings('create', (root) => settings.saveSchool(root.schoolAdmin, cliActor(), {
        id: values.id!, name: values.name!, ladder, ...(slackTeam ? { slackTeamId: slackTeam } : {}), ...(tenant ? { teamsTenantId: tenant } : {}),
      }, spec), { prepare: true });
      process.stdout.write(`school ${values.id}: saved with the ${ladder.name} ladder${spec ? ` and ${spec.halfTerms.length} half terms` : ''}${slackTeam ? `; Slack workspace ${slackTeam}` : ''}${tenant ? `; Teams tenant ${tenant.toLowerCase()}` : ''}\n`);
      return 0;
    }
    if (positionals[0] === 'workspace') {
      const slackTeam = values['slack-team'];
      const tenant = values['teams-tenant'];
      if (!values.school || (!slackTeam && !tenant)) throw new CliError('school workspace: --school ID and --slack-team T… and/or --teams-tenant GUID are required');
      const w = await withSettings('workspace', (root) => settings.setWorkspace(root.schoolAdmin, cliActor(), values.school!, { ...(slackTeam ? { slackTeamId: slackTeam } : {}), ...(tenant ? { teamsTenantId: tenant } : {}) }));
      process.stdout.write(`school ${values.school}: staff are recognised in${w.slackTeamId ? ` Slack workspace ${w.slackTeamId}` : ''}${w.slackTeamId && w.teamsTenantId ? ' and' : ''}${w.teamsTenantId ? ` Teams tenant ${w.teamsTenantId}` : ''}\n`);
      return 0;
    }
    if (positionals[0] === 'api-key') {
      if (!values.school || !values.label) throw new CliError('school api-key: --school ID and --label LABEL are required');
      const key = await withSettings('api-key', (root) => settings.createApiKey(root.schoolAdmin, cliActor(), values.school!, values.label!));
      process.stdout.write(`${key}\n`);
      process.stderr.write('school api-key: keep this key safe: it is shown once and stored only as a hash\n');
      return 0;
    }
    if (positionals[0] === 'channel') {
      if (!values.school || !values.purpose || !values.slack) {
        throw new CliError(`school channel: --school ID, --purpose (${PURPOSES.join('|')}) and --slack CHANNEL_ID are required`);
      }
      if (values.purpose === 'year' && !values.year) throw new CliError('school channel: --purpose year needs --year N');
      const bound = await withSettings('channel', (root) => settings.bindSlackChannel({ admin: root.schoolAdmin, channels: root.app.channels, audit: root.app.audit }, cliActor(), values.school!,
        { purpose: values.purpose!, channelId: values.slack!, ...(values.year !== undefined ? { yearGroup: values.year } : {}) }));
      process.stdout.write(`school ${values.school}: ${bound.purpose}${bound.yearGroup !== undefined ? ` ${bound.yearGroup}` : ''} posts go to Slack channel ${bound.channelId}\n`);
      return 0;
    }
    throw new CliError('school: usage: school create … | school workspace … | school api-key … | school channel … | school connect wonde … | school sync … | school mis-status');
  },
};
