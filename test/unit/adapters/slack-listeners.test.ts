/**
 * The Slack listeners as Bolt calls them, with fake `ack`, `respond` and client, over the
 * use cases on in-memory ports: no HTTP, no database (as Slack's TypeScript starter does).
 */
import { describe, expect, it } from 'vitest';
import { cardButton } from '../../../src/adapters/slack/listeners/actions.ts';
import { attendanceCommand } from '../../../src/adapters/slack/listeners/commands.ts';
import { formSubmission } from '../../../src/adapters/slack/listeners/views.ts';
import type { Client } from '../../../src/adapters/slack/listeners/replace.ts';
import { resolveStaff } from '../../../src/adapters/slack/listeners/staff.ts';
import { UNKNOWN_USER } from '../../../src/app/use-cases/ask.ts';
import { ladderPreset } from '../../../src/config/ladder-presets.ts';
import { headOfYear9, memoryWorld, officer, pupil } from '../../support/memory.ts';
import { calendar2024, fill } from '../../support/registers.ts';

const TODAY = '2025-02-26';

function setup() {
  const calendar = calendar2024();
  const ava = pupil({ id: 1, upn: 'A1', givenName: 'Ava', familyName: 'Nine', yearGroup: 9 });
  const sam = pupil({ id: 2, upn: 'S1', givenName: 'Sam', familyName: 'Seven', yearGroup: 7 });
  const w = memoryWorld({ calendar, ladder: ladderPreset('one-in-a-million'), pupils: [ava, sam], staff: [officer, headOfYear9], today: TODAY });
  w.mark(ava.id, fill(calendar, '2025-01-06', '2025-02-25').concat([{ date: TODAY, session: 'AM', code: 'N' }]));
  const deps = { app: w.deps, asOf: async () => TODAY };
  const calls: { kind: string; args: unknown }[] = [];
  const record = (kind: string) => async (args?: unknown) => { calls.push({ kind, args }); return { ok: true }; };
  const client = { views: { open: record('views.open') }, chat: { update: record('chat.update'), postEphemeral: record('chat.postEphemeral') } } as unknown as Client;
  return { w, deps, calls, record, client, ava, sam };
}

type CommandArgs = Parameters<ReturnType<typeof attendanceCommand>>[0];
type ButtonArgs = Parameters<ReturnType<typeof cardButton>>[0];
type ViewArgs = Parameters<ReturnType<typeof formSubmission>>[0];
/** Fakes carry only what the listeners read, so they are shaped as Bolt's arguments here. */
const asArgs = <T>(fake: object) => fake as unknown as T;
/**
 * As Bolt runs a request: the staff middleware first (who is asking, resolved once), then the
 * listener with the context it left; the listener does not run for an unknown person.
 */
async function viaBolt<A extends object>(deps: ReturnType<typeof setup>['deps'], listener: (args: A) => Promise<void>, args: object) {
  const context: Record<string, unknown> = {};
  let ran = false;
  // a slash command's body is the command itself
  const body = 'body' in args ? args.body : (args as { command?: unknown }).command;
  await resolveStaff(deps)(asArgs({ ...args, body, context, next: async () => { ran = true; await listener(asArgs<A>({ ...args, context })); } }));
  return ran;
}
const command = (user: string, text: string) => ({ user_id: user, text, channel_id: 'C1', team_id: 'T0DEMO' });

describe('/attendance', () => {
  it('answers privately in the acknowledgement with the pupil\'s figures', async () => {
    const { deps, calls, record } = setup();
    await viaBolt<CommandArgs>(deps, attendanceCommand(deps), { command: command('U2', 'A1'), ack: record('ack'), respond: record('respond') });
    expect(calls.map((c) => c.kind)).toEqual(['ack']);
    const answer = calls[0]!.args as { response_type: string; blocks: unknown[] };
    expect(answer.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.blocks)).toContain('Ava Nine (A1)');
  });

  it('a user id is known only with its workspace: the same id from a request without one is unknown', async () => {
    const { deps, calls, record } = setup();
    await viaBolt<CommandArgs>(deps, attendanceCommand(deps), { command: { ...command('U2', 'A1'), team_id: '' }, ack: record('ack'), respond: record('respond') });
    expect(JSON.stringify(calls)).toContain(UNKNOWN_USER);
    expect(JSON.stringify(calls)).not.toContain('Ava');
  });

  it('an unknown user is told so, and nothing about the pupil', async () => {
    const { deps, calls, record } = setup();
    await viaBolt<CommandArgs>(deps, attendanceCommand(deps), { command: command('U999', 'A1'), ack: record('ack'), respond: record('respond') });
    expect(JSON.stringify(calls)).toContain(UNKNOWN_USER);
    expect(JSON.stringify(calls)).not.toContain('Ava');
  });

  it('who is asking is resolved once per request, before the listener, which is handed it', async () => {
    const { deps, calls, record } = setup();
    let asked = 0;
    const counted = { ...deps, app: { ...deps.app, staff: { resolve: async (who: Parameters<typeof deps.app.staff.resolve>[0]) => { asked++; return deps.app.staff.resolve(who); } } } };
    expect(await viaBolt<CommandArgs>(counted, attendanceCommand(counted), { command: command('U2', 'A1'), ack: record('ack'), respond: record('respond') })).toBe(true);
    expect(asked).toBe(1);
    expect(JSON.stringify(calls)).toContain('Ava Nine (A1)');
  });
});

describe('card buttons and forms', () => {
  const button = (user: string, actionId: string, value: unknown) => ({
    body: { type: 'block_actions', user: { id: user, team_id: 'T0DEMO' }, team: { id: 'T0DEMO' }, trigger_id: 'trig', channel: { id: 'C1' }, message: { ts: '1.2' }, container: { is_ephemeral: false }, response_url: 'http://127.0.0.1:9/r' },
    action: { type: 'button', action_id: actionId, value: JSON.stringify(value) },
  });

  it('"Log a call" opens the form as a modal carrying the pupil', async () => {
    const { deps, calls, record, client } = setup();
    await viaBolt<ButtonArgs>(deps, cardButton(deps), { ...button('U1', 'open-call:1', { pupilId: 1 }), ack: record('ack'), respond: record('respond'), client });
    expect(calls.map((c) => c.kind)).toEqual(['ack', 'views.open']);
    const view = (calls[1]!.args as { view: { callback_id: string; private_metadata: string } }).view;
    expect(view.callback_id).toBe('form:call');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ form: 'call', data: { pupilId: 1 }, channel: 'C1', ts: '1.2' });
  });

  it('an unknown person pressing a button or sending a form is told so where they acted, and no listener runs', async () => {
    const { w, deps, calls, record, client } = setup();
    expect(await viaBolt<ButtonArgs>(deps, cardButton(deps), { ...button('U999', 'open-pupil:1', { pupilId: 1 }), ack: record('ack'), respond: record('respond'), client })).toBe(false);
    expect(calls).toEqual([{ kind: 'ack', args: undefined }, { kind: 'respond', args: { response_type: 'ephemeral', replace_original: false, text: UNKNOWN_USER } }]);
    calls.length = 0;
    const form = { body: { type: 'view_submission', user: { id: 'U999', team_id: 'T0DEMO' }, view: { blocks: [{ type: 'input', block_id: 'outcome' }] } }, view: { blocks: [{ type: 'input', block_id: 'outcome' }], private_metadata: '{}', state: { values: {} } } };
    expect(await viaBolt<ViewArgs>(deps, formSubmission(deps), { ...form, ack: record('ack'), client })).toBe(false);
    expect(calls).toEqual([{ kind: 'ack', args: { response_action: 'errors', errors: { outcome: UNKNOWN_USER } } }]);
    expect(w.actions).toEqual([]);
  });

  it("a pupil's button on the person's own list answers as a new message: the list keeps its place; a button of their own pupil card answers in place", async () => {
    const { deps, calls, record, client } = setup();
    const own = (value: unknown, actionId: string) => ({ ...button('U1', actionId, value), body: { ...button('U1', actionId, value).body, container: { is_ephemeral: true } } });
    await viaBolt<ButtonArgs>(deps, cardButton(deps), { ...own({ q: 'A1', keep: true }, 'query:A1'), ack: record('ack'), respond: record('respond'), client });
    expect(calls.find((c) => c.kind === 'respond')?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    calls.length = 0;
    await viaBolt<ButtonArgs>(deps, cardButton(deps), { ...own({ q: 'A1' }, 'query:A1'), ack: record('ack'), respond: record('respond'), client });
    expect(calls.find((c) => c.kind === 'respond')?.args).toMatchObject({ response_type: 'ephemeral', replace_original: true });
  });

  it('a button that is not one of ours is acknowledged and ignored', async () => {
    const { deps, calls, record, client } = setup();
    await viaBolt<ButtonArgs>(deps, cardButton(deps), { ...button('U1', 'someone-elses-button', {}), ack: record('ack'), respond: record('respond'), client });
    expect(calls.map((c) => c.kind)).toEqual(['ack']);
  });

  it('a submitted call is recorded; an incomplete form is answered with the problem on the form', async () => {
    const { w, deps, calls, record, client } = setup();
    const submission = (outcome: string | null) => ({
      body: { type: 'view_submission', user: { id: 'U1', team_id: 'T0DEMO' }, team: { id: 'T0DEMO' } },
      view: {
        blocks: [{ type: 'input', block_id: 'outcome' }],
        private_metadata: JSON.stringify({ form: 'call', data: { pupilId: 1 }, channel: 'C1', ts: '1.2' }),
        state: { values: { outcome: { outcome: { type: 'static_select', selected_option: outcome ? { value: outcome } : null } } } },
      },
    });
    await viaBolt<ViewArgs>(deps, formSubmission(deps), { ...submission(null), ack: record('ack'), client });
    expect(JSON.stringify(calls[0]!.args)).toContain('The form is not complete: the outcome is missing.');
    expect(w.actions).toEqual([]);
    calls.length = 0;
    await viaBolt<ViewArgs>(deps, formSubmission(deps), { ...submission('no-answer'), ack: record('ack'), client });
    expect(calls[0]).toEqual({ kind: 'ack', args: undefined });
    expect(w.actions).toEqual([expect.objectContaining({ kind: 'call', outcome: 'no-answer', actor: { kind: 'staff', staffId: 1 } })]);
    // the channel message the form came from is never replaced: the answer is the officer's alone
    expect(calls.map((c) => c.kind)).toEqual(['ack', 'chat.postEphemeral']);
    expect(calls[1]!.args).toMatchObject({ channel: 'C1', user: 'U1' });
  });
});
