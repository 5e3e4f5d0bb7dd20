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
  it('Slack: the Home tab, with the event that asks for it sent to the same endpoint', () => {
    const m = json('../../src/adapters/slack/manifest.json');
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.settings.event_subscriptions).toEqual({ request_url: 'https://YOUR-HOST/slack/events', bot_events: ['app_home_opened'] });
    expect(m.oauth_config.redirect_urls).toEqual(['https://YOUR-HOST/slack/oauth_redirect']);
  });
  it('Teams: the bot with a command menu', () => {
    const m = json('../../src/adapters/teams/appPackage/manifest.json');
    expect(m.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(expect.arrayContaining(['attendance', 'attendance today']));
    expect(m.bots[0].botId).toBe('{{MICROSOFT_APP_ID}}');
  });
});
