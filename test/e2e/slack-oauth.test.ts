/**
 * Many workspaces, one deployment: two workspaces add the app through /slack/install and
 * /slack/oauth_redirect (oauth.v2.access answered by the stand-in Slack); each one's requests
 * and posts go with its own token; one removing the app stops its posts and leaves the other's;
 * the database holds no token in plain text; a key rotation keeps every installation working.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageCard } from '../../cards/attendance.ts';
import { deliver } from '../../src/app/delivery.ts';
import { runJob } from '../../src/app/jobs/index.ts';
import { pgSlackInstallations } from '../../src/adapters/db/slack-installation-store.ts';
import { slackInstaller } from '../../src/adapters/slack/installations.ts';
import { chatPlatforms, jobDeps, slackOAuthOf } from '../../src/compose.ts';
import { loadEnv } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { startService, type Service } from '../../src/service.ts';
import { keyring } from '../../src/shared/secrets.ts';
import { runCliAsync } from '../support/cli.ts';
import { freshDatabase } from '../support/db.ts';
import { fakeSlack, type Fake, interaction, postToSlackEndpoint, slashCommand } from '../support/fakes.ts';

const SECRET = 'oauth-signing-secret';
const AS_OF = '2025-02-26';
const KEY = randomBytes(32).toString('base64');
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let slack: Fake;
let service: Service;
let base: string;
let env: ReturnType<typeof loadEnv>;

beforeAll(async () => {
  ctx = await freshDatabase('oauth');
  await seedDemo(ctx.db, AS_OF);
  slack = await fakeSlack();
  env = loadEnv({
    DATABASE_URL: ctx.url, PORT: '0', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${slack.url}/api/`,
    SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-of-some-length', SECRETS_KEY: KEY,
  });
  service = await startService(env, { asOf: AS_OF, jobs: false, host: '127.0.0.1', log: () => undefined });
  base = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
  // a second school, in a second workspace, with its own officer and attendance channel
  const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };
  const { upsertSchool, setCalendar } = await import('../../src/adapters/db/school-store.ts');
  const { ladderPreset } = await import('../../src/config/ladder-presets.ts');
  const { englishTermDatesAround } = await import('../../src/domain/term-dates.ts');
  const { pgImports } = await import('../../src/adapters/db/stores.ts');
  const { importPupils, importStaff } = await import('../../src/adapters/ingest/import-files.ts');
  await upsertSchool(ctx.db, { id: 'other', name: 'Other High', ladder: ladderPreset('woburn'), slackTeamId: 'T0OTHER' }, who);
  await setCalendar(ctx.db, 'other', englishTermDatesAround(AS_OF), who);
  await importPupils(pgImports(ctx.db), 'other', 'upn,given_name,family_name,year,reg_group,admission_date\nOTH7001,Olly,Other,7,7O,2024-09-04\n', 'roll.csv', who);
  await importStaff(pgImports(ctx.db), 'other', 'name,email,roles,slack_user_id\nOzzie Officer,att@other.sch.uk,attendance_officer,U0OTHERATT\n', 'staff.csv', who);
  await ctx.db.pool.query(`INSERT INTO "SchoolChannel" ("schoolId", platform, purpose, "channelId") VALUES ('other', 'slack', 'attendance', 'C0OTHERATT')`);
});
afterAll(async () => { await service?.stop(); await slack?.close(); await ctx?.drop(); });

/** Adds the app to a workspace as a person's browser does: the install page, then Slack's redirect back with the code and the state. */
async function install(team: string): Promise<Response> {
  const page = await fetch(`${base}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const state = /state=([^&"]+)/.exec(html)![1]!;
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  return fetch(`${base}/slack/oauth_redirect?code=code-${team}&state=${state}`, { headers: { cookie } });
}
const bearer = (c: { headers: Record<string, unknown> }) => String(c.headers.authorization ?? '');
const homeOpened = (team: string, user: string) => JSON.stringify({
  token: 'x', team_id: team, api_app_id: 'A0APP', type: 'event_callback', event_id: `Ev${team}${user}`, event_time: Math.floor(Date.now() / 1000),
  event: { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: `${Date.now() / 1000}` },
});

describe('Slack: many workspaces by OAuth', () => {
  it('the install page offers Add to Slack; a redirect without the state cookie is refused and installs nothing', async () => {
    const page = await fetch(`${base}/slack/install`);
    expect(await page.text()).toMatch(/slack\.com\/oauth\/v2\/authorize\?[^"]*scope=commands%2Cchat%3Awrite%2Cchat%3Awrite\.public[^"]*client_id=111\.222/);
    const forged = await fetch(`${base}/slack/oauth_redirect?code=code-T0EVIL&state=made-up`);
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "SlackInstallation"`)).rows[0].n).toBe(0);
  });

  it('two workspaces install; each one\'s requests are answered, and their buttons and Home tabs go, with its own token; the database holds no token in plain text', async () => {
    expect((await install('T0DEMO')).status).toBe(200);
    expect((await install('T0OTHER')).status).toBe(200);
    const rows = (await ctx.db.pool.query(`SELECT key, "botToken", "botUserId", scopes, details::text AS details FROM "SlackInstallation" ORDER BY key`)).rows;
    expect(rows.map((r) => [r.key, r.botUserId])).toEqual([['T:T0DEMO', 'U0BOTT0DEMO'], ['T:T0OTHER', 'U0BOTT0OTHER']]);
    expect(JSON.stringify(rows)).not.toContain('xoxb-');
    for (const r of rows) expect(r.botToken).toMatch(/^v1\.[0-9a-f]{8}\./);

    // each workspace's person: a slash command answered, and their Home tab published with their workspace's token
    const demo = await postToSlackEndpoint(base, SECRET, slashCommand({ team_id: 'T0DEMO', user_id: 'U0DEMOATT', text: 'DEMO9001', response_url: `${slack.url}/response/o1` }), 'application/x-www-form-urlencoded');
    expect(JSON.stringify(demo.json.blocks)).toContain('Ava Nine (DEMO9001)');
    const other = await postToSlackEndpoint(base, SECRET, slashCommand({ team_id: 'T0OTHER', user_id: 'U0OTHERATT', text: 'OTH7001', response_url: `${slack.url}/response/o2` }), 'application/x-www-form-urlencoded');
    expect(JSON.stringify(other.json.blocks)).toContain('Olly Other (OTH7001)');
    // a button on each card opens its form through the Web API, with that workspace's token
    for (const [team, user, answer] of [['T0DEMO', 'U0DEMOATT', demo], ['T0OTHER', 'U0OTHERATT', other]] as const) {
      const button = (answer.json.blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id?.startsWith('open-call'))!;
      const since = slack.calls.length;
      await postToSlackEndpoint(base, SECRET, interaction({
        type: 'block_actions', user: { id: user, team_id: team }, team: { id: team }, api_app_id: 'A0APP', trigger_id: `trigger-${team}`,
        container: { type: 'message', is_ephemeral: true }, channel: { id: 'C0ANY' }, response_url: `${slack.url}/response/b-${team}`,
        actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1' }],
      }), 'application/x-www-form-urlencoded');
      await expect.poll(() => slack.calls.slice(since).find((c) => c.path.endsWith('views.open')), { timeout: 15_000 }).toBeDefined();
      expect(bearer(slack.calls.slice(since).find((c) => c.path.endsWith('views.open'))!)).toBe(`Bearer xoxb-${team}-installed`);
    }
    for (const [team, user] of [['T0DEMO', 'U0DEMOATT'], ['T0OTHER', 'U0OTHERATT']] as const) {
      await postToSlackEndpoint(base, SECRET, homeOpened(team, user), 'application/json');
      await expect.poll(() => slack.calls.find((c) => c.path.endsWith('views.publish') && c.body.user_id === user), { timeout: 15_000 }).toBeDefined();
      expect(bearer(slack.calls.find((c) => c.path.endsWith('views.publish') && c.body.user_id === user)!)).toBe(`Bearer xoxb-${team}-installed`);
    }
  });

  it("each school's morning list goes with its own workspace's token; the app removed from one stops its posts (said once, as permanent) and leaves the other's", async () => {
    const deps = jobDeps(ctx.db, chatPlatforms(env, slackOAuthOf(ctx.db, env)), { now: () => new Date() });
    const card = (t: string) => messageCard(t, 'A post');
    // each school's morning list, by the job as the scheduler runs it
    await runJob(deps, 'morning-list', 'demo', AS_OF);
    await runJob(deps, 'morning-list', 'other', AS_OF);
    const postsTo = (channel: string) => slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === channel);
    expect(postsTo('C0DEMOATT').map(bearer)).toEqual(['Bearer xoxb-T0DEMO-installed']);
    expect(JSON.stringify(postsTo('C0DEMOATT')[0]!.body.blocks)).toContain('Ava Nine');
    expect(postsTo('C0OTHERATT').map(bearer)).toEqual(['Bearer xoxb-T0OTHER-installed']);

    const gone = await postToSlackEndpoint(base, SECRET, JSON.stringify({
      token: 'x', team_id: 'T0OTHER', api_app_id: 'A0APP', type: 'event_callback', event_id: 'EvGONE', event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_uninstalled' },
    }), 'application/json');
    expect(gone.status).toBe(200);
    await expect.poll(async () => (await ctx.db.pool.query(`SELECT "uninstalledAt" FROM "SlackInstallation" WHERE key = 'T:T0OTHER'`)).rows[0].uninstalledAt, { timeout: 15_000 }).not.toBeNull();

    const after = await deliver(deps, { schoolId: 'other', kind: 'oauth-test', dateKey: '2025-02-27', purpose: 'attendance', card: card('Other again') });
    expect(after.failed.join()).toContain('app_uninstalled');
    expect(postsTo('C0OTHERATT')).toHaveLength(1);
    const failed = (await ctx.db.pool.query(`SELECT status, "lastError" FROM "ChatPost" WHERE "schoolId" = 'other' AND "dateKey" = '2025-02-27' AND kind = 'oauth-test'`)).rows;
    expect(failed).toEqual([{ status: 'failed', lastError: expect.stringContaining('app_uninstalled') }]);
    await deliver(deps, { schoolId: 'demo', kind: 'oauth-test', dateKey: '2025-02-27', purpose: 'attendance', card: card('Demo again') });
    expect(postsTo('C0DEMOATT').map(bearer)).toEqual(['Bearer xoxb-T0DEMO-installed', 'Bearer xoxb-T0DEMO-installed']);
  });

  it('token rotation: a token expiring within two hours is refreshed before it is used, and the new tokens are stored sealed', async () => {
    expect((await install('T0ROT')).status).toBe(200);
    const stored = async () => (await ctx.db.pool.query(`SELECT "botToken", "refreshToken", "expiresAt" FROM "SlackInstallation" WHERE key = 'T:T0ROT'`)).rows[0];
    const first = await stored();
    expect(first.refreshToken).toMatch(/^v1\./);
    expect(first.expiresAt.getTime() - Date.now()).toBeLessThan(3_700_000);
    const installations = slackOAuthOf(ctx.db, env)!.installations;
    expect((await installations.find({ teamId: 'T0ROT' }))!.refreshToken).toBe('xoxe-T0ROT-1');
    // a post to a school in that workspace: the token is refreshed first, and the post goes with the new one
    await ctx.db.pool.query(`UPDATE "School" SET "slackTeamId" = 'T0ROT' WHERE id = 'other'`);
    const deps = jobDeps(ctx.db, chatPlatforms(env, slackOAuthOf(ctx.db, env)), { now: () => new Date() });
    const result = await deliver(deps, { schoolId: 'other', kind: 'oauth-rotation', dateKey: AS_OF, purpose: 'attendance', card: messageCard('Rotated', 'A post') });
    expect(result.posted).toBe(1);
    const post = slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === 'C0OTHERATT').at(-1)!;
    expect(bearer(post)).toBe('Bearer xoxb-T0ROT-refreshed-2');
    const after = await stored();
    expect(JSON.stringify(after)).not.toMatch(/xox[be]-/);
    expect((await installations.find({ teamId: 'T0ROT' }))).toMatchObject({ botToken: 'xoxb-T0ROT-refreshed-2', refreshToken: 'xoxe-T0ROT-2' });
    expect(after.expiresAt.getTime() - Date.now()).toBeGreaterThan(11 * 3_600_000);
    await ctx.db.pool.query(`UPDATE "School" SET "slackTeamId" = 'T0OTHER' WHERE id = 'other'`);
  });

  it('a new SECRETS_KEY: `secrets rotate` seals every token again under it, and a service with the new key alone still authorises every live installation', async () => {
    const next = randomBytes(32).toString('base64');
    const cli = await runCliAsync(['secrets', 'rotate'], { DATABASE_URL: ctx.url, SECRETS_KEY: next, SECRETS_KEY_PREVIOUS: KEY });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain(`3 Slack installations sealed again under key ${keyring(next).currentId}`);
    expect(cli.stdout + cli.stderr).not.toContain('xoxb');
    expect((await runCliAsync(['secrets', 'rotate'], { DATABASE_URL: ctx.url, SECRETS_KEY: next })).stdout).toContain('0 Slack installations sealed again');
    for (const r of (await ctx.db.pool.query(`SELECT "botToken" FROM "SlackInstallation"`)).rows) expect(r.botToken.split('.')[1]).toBe(keyring(next).currentId);
    const installer = slackInstaller({ clientId: '111.222', clientSecret: 'client-secret', stateSecret: 'state-secret-of-some-length', installations: pgSlackInstallations(ctx.db, keyring(next)) }, env.SLACK_API_URL);
    expect((await installer.authorize({ teamId: 'T0DEMO', enterpriseId: undefined, isEnterpriseInstall: false })).botToken).toBe('xoxb-T0DEMO-installed');
    await expect(installer.authorize({ teamId: 'T0OTHER', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(); // removed
    // the service restarted with the new key alone: the demo workspace's person is answered with its token
    await service.stop();
    service = await startService({ ...env, SECRETS_KEY: next }, { asOf: AS_OF, jobs: false, host: '127.0.0.1', log: () => undefined });
    base = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
    const since = slack.calls.length;
    await postToSlackEndpoint(base, SECRET, homeOpened('T0DEMO', 'U0DEMOHOY9'), 'application/json');
    await expect.poll(() => slack.calls.slice(since).find((c) => c.path.endsWith('views.publish')), { timeout: 15_000 }).toBeDefined();
    expect(bearer(slack.calls.slice(since).find((c) => c.path.endsWith('views.publish'))!)).toBe('Bearer xoxb-T0DEMO-installed');
  });
});
