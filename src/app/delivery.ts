/**
 * Delivery that can be trusted: an outbox. Every post has a key (school, kind, date, session,
 * platform, channel) whose row is stored, with what it says and where it goes, before it is
 * sent, and claimed for a short lease while it is sent (no transaction is held while the
 * platform answers), so two workers (a scheduler firing twice round a clock change, two
 * instances, a job and the outbox's sweep) post once. A post whose content changed since
 * (reasons came in) is updated in place; an update that fails stays pending with its new
 * content and is retried like a post.
 *
 * Each channel is sent to on its own: a failure there is recorded on its row and the others
 * are still sent. A transient failure (a 5xx, a lost answer, the network) leaves the row
 * pending with the time of its next attempt, and the outbox's sweep (`redeliverPending`, every
 * minute) sends it then, for up to three days, however long the platform was away. Before
 * sending a row an earlier attempt left pending, it looks for the message where the platform
 * can (Slack: message metadata), so a post the platform took before its answer was lost is not
 * repeated. A permanent failure (the channel is gone, the bot is not in it, the token is
 * revoked, Teams 403/404) is not retried: the row is marked failed, one line is logged with the
 * school and the channel, the attendance team gets one message saying what to fix, and a dead
 * Teams conversation is no longer posted to. Teams has no look-up by key: a post whose answer
 * was lost can be repeated there once.
 */
import { messageCard } from '../../cards/attendance.ts';
import { type Card, context } from '../../cards/model.ts';
import { DeliveryFailure, fixFor } from './delivery-failure.ts';
import type { Channels, ChatPlatforms, ChatTarget, PostLog, Purpose, Schools } from './ports.ts';

export type { Purpose };

export interface Post {
  readonly schoolId: string;
  readonly kind: string;
  readonly dateKey: string;
  readonly session?: string;
  readonly purpose: Purpose;
  readonly yearGroup?: number;
  readonly card: Card;
}

export interface DeliveryDeps {
  readonly schools: Schools;
  readonly channels: Channels;
  readonly posts: PostLog;
  readonly platforms: ChatPlatforms;
  readonly clock?: { now(): Date };
  /** One line per problem (default: standard error). */
  readonly log?: (line: string) => void;
}

export interface DeliveryResult {
  readonly posted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: string[];
  /** Channels whose post did not go this time: `platform:channel: error` (retried unless permanent). */
  readonly failed: string[];
}

/** How long the outbox keeps trying a post. */
export const OUTBOX_DAYS = 3;
/** The wait before the n-th retry: 1, 2, 4 … minutes, at most 15. */
export const retryDelayMs = (attempts: number) => Math.min(2 ** Math.max(0, attempts - 1), 15) * 60_000;

const PROBLEM_KIND = 'delivery-problem';

const nowOf = (deps: DeliveryDeps): Date => (deps.clock ? deps.clock.now() : new Date());

export async function deliver(deps: DeliveryDeps, post: Post): Promise<DeliveryResult> {
  const result = emptyResult();
  const card = withSchoolName(post.card, (await deps.schools.load(post.schoolId)).name);
  for (const target of await deps.channels.targets(post.schoolId, post.purpose, post.yearGroup)) {
    await sendTo(deps, { schoolId: post.schoolId, kind: post.kind, dateKey: post.dateKey, session: post.session ?? '' }, target, card, result);
  }
  return result;
}

/** Every post says whose it is: the school's own name, under the card unless its title has it (a trust's schools share channels). */
export function withSchoolName(card: Card, schoolName: string): Card {
  return card.title.includes(schoolName) ? card : { ...card, sections: [...card.sections, context(schoolName)] };
}

/** Sends what the outbox still holds for the school and is due now. */
export async function redeliverPending(deps: DeliveryDeps, schoolId: string): Promise<DeliveryResult> {
  const now = nowOf(deps);
  const result = emptyResult();
  // a channel that fails in this pass is not tried again in it: one that never answers costs one
  // timeout a pass, not one a post, and the other channels' posts go
  const failing = new Set<string>();
  for (const p of await deps.posts.pending(schoolId, now, new Date(now.getTime() - OUTBOX_DAYS * 86_400_000))) {
    const channel = `${p.target.platform}:${p.target.channelId}`;
    if (failing.has(channel)) { result.skipped.push(`${channel} (failed earlier in this pass)`); continue; }
    const failedBefore = result.failed.length;
    await sendTo(deps, { schoolId, kind: p.kind, dateKey: p.dateKey, session: p.session }, p.target, JSON.parse(p.payload) as Card, result);
    if (result.failed.length > failedBefore) failing.add(channel);
  }
  return result;
}

const emptyResult = () => ({ posted: 0, updated: 0, unchanged: 0, skipped: [] as string[], failed: [] as string[] });

type Key = { readonly schoolId: string; readonly kind: string; readonly dateKey: string; readonly session: string };

async function sendTo(deps: DeliveryDeps, post: Key, target: ChatTarget, card: Card, result: ReturnType<typeof emptyResult>): Promise<void> {
  const platform = deps.platforms[target.platform];
  if (!platform) { result.skipped.push(`${target.platform}:${target.channelId} (platform off)`); return; }
  const payload = JSON.stringify(card);
  const key = [post.schoolId, post.kind, post.dateKey, post.session, target.platform, target.channelId].join('|');
  let permanent: DeliveryFailure | undefined;
  const done = await deps.posts.withPost({ ...post, target }, payload, async (row, record) => {
    if (row.failed) { result.failed.push(`${target.platform}:${target.channelId}: failed for good earlier, not tried again`); return; }
    if (row.shown) { result.unchanged++; return; }
    try {
      let messageRef = row.messageRef;
      if (messageRef === undefined && !row.fresh && platform.findByKey) {
        // left pending by an earlier attempt: did the platform take it before that attempt's answer was lost?
        messageRef = await platform.findByKey(target, key, row.since);
        if (messageRef !== undefined) await record.found(messageRef);
      }
      if (messageRef !== undefined) {
        // posted already: an update brings it to this payload (the message found may show an earlier one)
        await platform.update(target, messageRef, card);
        await record.sent(undefined);
        result.updated++;
        return;
      }
      await record.sent(await platform.post(target, card, key));
      result.posted++;
    } catch (err) {
      const failure = err instanceof DeliveryFailure ? err : new DeliveryFailure(err instanceof Error ? err.message.slice(0, 200) : String(err), false);
      const attempts = row.attempts + 1;
      await record.failed(failure.code, failure.permanent ? undefined : new Date(nowOf(deps).getTime() + retryDelayMs(attempts)));
      result.failed.push(`${target.platform}:${target.channelId}: ${failure.code}`);
      if (failure.permanent) permanent = failure;
    }
  });
  // another worker is sending it (or a newer version of it) now: nothing to do here
  if (done === 'busy') result.unchanged++;
  if (permanent) await reportPermanent(deps, post, target, permanent);
}

/** One log line, the dead conversation dropped, and one message to the attendance team. */
async function reportPermanent(deps: DeliveryDeps, post: Key, target: ChatTarget, failure: DeliveryFailure): Promise<void> {
  const where = `${target.platform === 'slack' ? 'Slack' : 'Teams'} ${target.platform === 'slack' ? 'channel' : 'conversation'} ${target.channelId}`;
  (deps.log ?? ((l) => process.stderr.write(`${l}\n`)))(`delivery: school ${post.schoolId}: ${where}: ${failure.code} (permanent, not retried) for ${post.kind} ${post.dateKey}`);
  if (failure.conversationGone) await deps.channels.markDead(target.channelId);
  if (post.kind === PROBLEM_KIND) return; // the message about a problem never reports itself
  await deliver(deps, {
    schoolId: post.schoolId, kind: PROBLEM_KIND, dateKey: post.dateKey, session: `${target.platform}:${target.channelId}`, purpose: 'attendance',
    card: messageCard('Attendance bot: posts are not arriving', `The ${post.kind.replaceAll('-', ' ')} post for ${post.dateKey} could not go to ${where}: ${failure.code}. To fix: ${fixFor(failure)}. The other channels were posted to.`),
  });
}
