/**
 * Show setup: a senior leader sees what the school has set up for chat and what is missing
 * (no workspace or tenant, a purpose or a year with no channel, no MIS connection, a role nobody
 * holds in chat), each with how to fix it. Read through `ask` (`setup`), so it is audited.
 */
import type { SetupLine } from '../../../../cards/views.ts';
import { type Role } from '../../../domain/access.ts';
import type { ChatContext } from '../../deps.ts';
import type { SchoolContext } from '../../ports.ts';

export const SETUP_REFUSAL = 'Only a senior leader can see the school\'s setup.';

const ROLE_NAMES: Readonly<Partial<Record<Role, string>>> = { attendance_officer: 'attendance officer', dsl: 'DSL', senior_leader: 'senior leader', head_of_year: 'head of year' };
const PURPOSE_NAMES = { attendance: 'the attendance team', dsl: 'the DSL (safeguarding)', senior: 'senior leaders' } as const;

export async function schoolSetup(ctx: ChatContext, school: SchoolContext): Promise<SetupLine[]> {
  const f = await ctx.deps.schools.setup(school.id);
  const lines: SetupLine[] = [];
  lines.push(f.slackWorkspace ? { ok: true, what: `Slack workspace ${f.slackWorkspace}` } : { ok: false, what: 'No Slack workspace: its staff are not recognised in Slack', fix: `\`school workspace --school ${school.id} --slack-team T…\`` });
  lines.push(f.teamsTenant ? { ok: true, what: `Teams tenant ${f.teamsTenant}` } : { ok: false, what: 'No Teams tenant: its staff are not recognised in Teams', fix: `\`school workspace --school ${school.id} --teams-tenant <tenant id>\`` });
  const where = (purpose: 'attendance' | 'dsl' | 'senior' | 'year', year?: number) => f.bound.filter((b) => b.purpose === purpose && (year === undefined || b.yearGroup === year)).map((b) => b.platform);
  for (const purpose of ['attendance', 'dsl', 'senior'] as const) {
    const on = where(purpose);
    lines.push(on.length > 0 ? { ok: true, what: `Posts for ${PURPOSE_NAMES[purpose]}: a ${[...new Set(on)].join(' and a ')} channel` }
      : { ok: false, what: `No channel for ${PURPOSE_NAMES[purpose]}: their posts go only to the personal Teams chats of staff with the role`, fix: `\`/attendance subscribe ${purpose}\` in the channel (Slack), \`subscribe ${purpose}\` to the bot in it (Teams)` });
  }
  const missingYears = f.years.filter((y) => where('year', y).length === 0);
  lines.push(missingYears.length === 0 ? { ok: true, what: `Every year on roll has its channel (${f.years.map((y) => `year ${y}`).join(', ') || 'no pupils yet'})` }
    : { ok: false, what: `No channel for ${missingYears.map((y) => `year ${y}`).join(', ')}: those posts go to the heads of year's personal Teams chats`, fix: '`/attendance subscribe year N` in each year\'s channel' });
  lines.push(f.mis ? { ok: true, what: `Marks from the MIS (${f.mis})` } : { ok: false, what: 'No MIS connection: registers arrive only by import', fix: `\`school connect wonde --school ${school.id} --wonde-school …\`, or \`import register\`` });
  for (const role of ['attendance_officer', 'dsl', 'senior_leader', 'head_of_year'] as const) {
    const n = f.roles[role] ?? 0;
    lines.push(n > 0 ? { ok: true, what: `${n} ${ROLE_NAMES[role]}${n === 1 ? '' : 's'} reachable in chat` } : { ok: false, what: `No ${ROLE_NAMES[role]} reachable in chat`, fix: '`import staff` with their role and Slack or Teams id' });
  }
  return lines;
}
