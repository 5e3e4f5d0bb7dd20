/**
 * A school's settings through their use cases: each refused with the field named and the value
 * given, nothing written; what is accepted reaches the store as checked.
 */
import { describe, expect, it } from 'vitest';
import * as settings from '../../../src/app/use-cases/school/settings.ts';
import type { AuditEntry, ChannelBinding, Channels, SchoolAdmin, SchoolSettings, Who } from '../../../src/app/ports.ts';
import { ladderPreset } from '../../../src/config/ladder-presets.ts';
import { englishTermDates } from '../../../src/domain/term-dates.ts';

const who: Who = { actor: { kind: 'cli', user: 'test' }, source: 'cli' };

function admin() {
  const saved: SchoolSettings[] = [];
  const calendars: string[] = [];
  const keys: { label: string; hash: string }[] = [];
  const bound: ChannelBinding[] = [];
  const audit: AuditEntry[] = [];
  const schools = new Set(['oak']);
  const store: SchoolAdmin = {
    exists: async (id) => schools.has(id),
    save: async (s) => { saved.push(s); schools.add(s.id); },
    setCalendar: async (id) => { calendars.push(id); },
    setEscalation: async (id) => schools.has(id),
    setWorkspace: async (id) => schools.has(id),
    createApiKey: async (id, label, hash) => { if (!schools.has(id)) return undefined; keys.push({ label, hash }); return keys.length; },
  };
  const channels = { bind: async (b: ChannelBinding) => { bound.push(b); } } as unknown as Channels;
  return { store, channels, saved, calendars, keys, bound, audit, log: { record: async (e: AuditEntry) => { audit.push(e); } } };
}

const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('accepted'); }, (e: unknown) => {
  if (!(e instanceof settings.SettingsError)) throw e;
  return e;
});

describe('school settings', () => {
  it('saves a school with its tenant in lower case, and its term dates', async () => {
    const a = admin();
    await settings.saveSchool(a.store, who, { id: 'elm', name: ' Elm Primary ', ladder: ladderPreset('woburn'), teamsTenantId: '00000000-0000-0000-0000-0000000000AB', penaltyCodes: ['G', 'O'] }, englishTermDates(2026));
    expect(a.saved).toEqual([expect.objectContaining({ id: 'elm', name: 'Elm Primary', teamsTenantId: '00000000-0000-0000-0000-0000000000ab', penaltyCodes: ['G', 'O'] })]);
    expect(a.calendars).toEqual(['elm']);
  });

  it('refuses a bad id, tenant or penalty code, naming each with the value given, and writes nothing', async () => {
    const a = admin();
    const e = await refusal(settings.saveSchool(a.store, who, { id: 'Elm!', name: 'Elm', ladder: ladderPreset('woburn'), teamsTenantId: 'contoso', penaltyCodes: ['I'] }));
    expect(e.problems).toEqual([
      { field: 'id', value: 'Elm!', problem: 'lower-case letters, digits and dashes' },
      { field: 'teamsTenantId', value: 'contoso', problem: 'a Microsoft 365 tenant id (a GUID)' },
      { field: 'penaltyCodes', problem: '"I" is not an unauthorised absence code: only G, N, O and U count towards a penalty notice' },
    ]);
    expect(a.saved).toEqual([]);
  });

  it('refuses term dates the calendar cannot hold, before anything is saved', async () => {
    const a = admin();
    const spec = englishTermDates(2026);
    const bad = { ...spec, halfTerms: [{ ...spec.halfTerms[0]!, end: '2026-08-01' }] };
    const e = await refusal(settings.saveSchool(a.store, who, { id: 'elm', name: 'Elm', ladder: ladderPreset('woburn') }, bad));
    expect(e.message).toMatch(/^term dates: /);
    expect(a.saved).toEqual([]);
  });

  it('escalation: at least 5 minutes, within school hours that end after they start; an unknown school is named', async () => {
    const a = admin();
    expect(await settings.setEscalation(a.store, who, 'oak', { afterMinutes: '45', from: '08:30', to: '16:00' })).toEqual({ afterMinutes: 45, from: '08:30', to: '16:00' });
    expect((await refusal(settings.setEscalation(a.store, who, 'oak', { afterMinutes: 2, from: '16:00', to: '08:00' }))).problems.map((p) => p.field)).toEqual(['afterMinutes', 'to']);
    expect((await refusal(settings.setEscalation(a.store, who, 'ash', { afterMinutes: 30, from: '08:00', to: '16:00' }))).message).toBe('no school "ash"');
  });

  it('an API key is returned once and stored only as its hash', async () => {
    const a = admin();
    const key = await settings.createApiKey(a.store, who, 'oak', 'mis');
    expect(key).toMatch(/^att_[\w-]{32}$/);
    expect(a.keys).toEqual([{ label: 'mis', hash: settings.hashApiKey(key) }]);
    expect(JSON.stringify(a.keys)).not.toContain(key);
  });

  it('a Slack channel for year posts needs its year; the binding is audited', async () => {
    const a = admin();
    const deps = { admin: a.store, channels: a.channels, audit: a.log };
    expect((await refusal(settings.bindSlackChannel(deps, who, 'oak', { purpose: 'year', channelId: 'C0OAKY9' }))).problems.map((p) => p.field)).toEqual(['yearGroup']);
    expect((await refusal(settings.bindSlackChannel(deps, who, 'oak', { purpose: 'gossip', channelId: 'general' }))).problems.map((p) => p.field)).toEqual(['purpose', 'channelId']);
    await settings.bindSlackChannel(deps, who, 'oak', { purpose: 'year', yearGroup: '9', channelId: 'C0OAKY9' });
    expect(a.bound).toEqual([{ schoolId: 'oak', target: { platform: 'slack', channelId: 'C0OAKY9' }, purpose: 'year', yearGroup: 9 }]);
    expect(a.audit).toEqual([expect.objectContaining({ schoolId: 'oak', action: 'school.channel', actor: who.actor, detail: { purpose: 'year', year: 9, slack: 'C0OAKY9' } })]);
  });
});
