/**
 * Delivery that can be trusted. Every post has a key (school, kind, date, session, platform,
 * channel) whose row is stored before sending and locked while it is sent, so two workers
 * (a scheduler firing twice round a clock change, two instances starting together) post
 * once. A post whose content changed since (reasons came in) is updated in place. A crash
 * leaves the row pending: the next run sends it then, and where the platform can find a
 * message by its key (Slack: message metadata) it looks first, so a post the platform took
 * just before the crash is not repeated. Teams has no such look-up: there a crash in that
 * window can repeat a post.
 */
import type { Card } from '../../cards/model.ts';
import type { Channels, ChatPlatforms, PostLog, Purpose } from './ports.ts';

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
  readonly channels: Channels;
  readonly posts: PostLog;
  readonly platforms: ChatPlatforms;
}

export interface DeliveryResult {
  readonly posted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: string[];
}

export async function deliver(deps: DeliveryDeps, post: Post): Promise<DeliveryResult> {
  const result = { posted: 0, updated: 0, unchanged: 0, skipped: [] as string[] };
  const payload = JSON.stringify(post.card);
  for (const target of await deps.channels.targets(post.schoolId, post.purpose, post.yearGroup)) {
    const platform = deps.platforms[target.platform];
    if (!platform) { result.skipped.push(`${target.platform}:${target.channelId} (platform off)`); continue; }
    const session = post.session ?? '';
    const key = [post.schoolId, post.kind, post.dateKey, session, target.platform, target.channelId].join('|');
    await deps.posts.withPost({ schoolId: post.schoolId, kind: post.kind, dateKey: post.dateKey, session, target }, payload, async (row, record) => {
      let messageRef = row.sent ? row.messageRef : undefined;
      if (messageRef === undefined && !row.fresh && platform.findByKey) {
        // left pending by an earlier run: did the platform get it before that run stopped?
        messageRef = await platform.findByKey(target, key);
        if (messageRef !== undefined) {
          await record.sent(messageRef);
          if (row.samePayload) { result.unchanged++; return; }
        }
      }
      if (messageRef !== undefined) {
        if (row.samePayload && row.sent) { result.unchanged++; return; }
        await platform.update(target, messageRef, post.card);
        await record.changed();
        result.updated++;
        return;
      }
      await record.sent(await platform.post(target, post.card, key));
      await record.changed();
      result.posted++;
    });
  }
  return result;
}
