import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const json = (p: string) => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8'));

describe('app manifests', () => {
  it('Slack: /attendance and interactivity both point at the one Bolt endpoint', () => {
    const m = json('../../src/adapters/slack/manifest.json');
    expect(m.features.slash_commands[0]).toMatchObject({ command: '/attendance', url: 'https://YOUR-HOST/slack/events' });
    expect(m.settings.interactivity.request_url).toBe('https://YOUR-HOST/slack/events');
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write']));
  });
  it('Teams: the bot with a command menu', () => {
    const m = json('../../src/adapters/teams/appPackage/manifest.json');
    expect(m.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toContain('attendance');
    expect(m.bots[0].botId).toBe('{{MICROSOFT_APP_ID}}');
  });
});
