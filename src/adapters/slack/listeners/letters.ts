/**
 * Drafted letters, in Slack: the files go to the person's direct messages with the bot
 * (conversations.open, then files.uploadV2), never into the channel the button was pressed in;
 * the card saying what they are comes back to them privately.
 */
import { draftsCard, messageCard } from '../../../../cards/attendance.ts';
import type { Card } from '../../../../cards/model.ts';
import type { HandedDrafts } from '../../../app/use-cases/letters/hand-drafts.ts';
import type { Client } from './replace.ts';

export async function handOver(client: Client, userId: string, drafts: HandedDrafts): Promise<Card> {
  const letters = drafts.view.pupils.reduce((n, p) => n + p.draftIds.length, 0);
  try {
    const dm = await client.conversations.open({ users: userId });
    const channel = dm.channel?.id;
    if (!channel) throw new Error('conversations.open gave no channel');
    await client.files.uploadV2({
      channel_id: channel,
      initial_comment: `${drafts.view.title}: ${letters === 1 ? 'one letter' : `${letters} letters`} drafted for you to check before they go.`,
      file_uploads: drafts.files.map((f) => ({ file: f.body, filename: f.name, title: f.label ?? f.name })),
    });
  } catch (err) {
    // the drafts are kept; the person is told why they did not arrive (an installation from before letters lacks the scopes)
    const why = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
    return messageCard(`Letters drafted: ${drafts.view.title}`, `The drafts were made, but Slack would not take them into your direct messages (${String(why).slice(0, 80)}). If it says missing_scope, the app needs adding to Slack again (it now asks for im:write and files:write); then draft again.`);
  }
  return draftsCard({ ...drafts.view, where: 'in your direct messages with the bot' });
}
