/** Delivery: where posts go (channels and conversations), the platforms, and the outbox. */
import type { Card } from '../../../cards/model.ts';
import type { ConversationKind } from '../../domain/audience.ts';
import type { Purpose } from '../../domain/audience.ts';

/**
 * Where the bot can reach a Teams conversation again: opaque everywhere but the Teams adapter,
 * which makes it from an activity and reads it back (src/adapters/teams/reference.ts); the
 * stores keep it as it came.
 */
export type ConversationRef = Readonly<Record<string, unknown>> & { readonly __conversationRef: unique symbol };

/** Where a shared post goes on one platform: a Slack channel, or a stored Teams conversation. */
export interface ChatTarget {
  readonly platform: 'slack' | 'teams';
  readonly channelId: string;
  /** The Slack workspace (`team_id`) the channel is in: its installation's token posts there. */
  readonly workspace?: string;
  /** The Teams conversation reference to post into. */
  readonly reference?: ConversationRef;
}

/**
 * One chat platform, as delivery sees it: post, update in place, and (where the platform
 * can) find a post by its delivery key, so a post taken just before a crash is not repeated.
 */
export interface ChatPlatform {
  /** Throws a DeliveryFailure (src/app/delivery-failure.ts) saying whether trying again can help. */
  post(target: ChatTarget, card: Card, key: string): Promise<string | undefined>;
  update(target: ChatTarget, messageRef: string, card: Card): Promise<void>;
  /** The message posted with this key since `since` (an earlier attempt whose answer was lost), if any. */
  findByKey?(target: ChatTarget, key: string, since: Date): Promise<string | undefined>;
}

export type ChatPlatforms = Partial<Record<ChatTarget['platform'], ChatPlatform>>;

export interface ChannelBinding {
  readonly schoolId: string;
  readonly target: ChatTarget;
  readonly purpose: Purpose;
  readonly yearGroup?: number;
}

export interface Channels {
  /** Keeps a Teams conversation the bot was spoken to in, so the jobs can post there later; true when it is new. */
  remember(c: { conversationId: string; kind: ConversationKind; reference: ConversationRef; tenantId?: string; aadObjectId?: string }): Promise<boolean>;
  /** The person's own (personal) Teams conversation with the bot in that tenant, if they have one. */
  personalConversation(tenantId: string, aadObjectId: string): Promise<ConversationRef | undefined>;
  /** Makes `target` the one channel of its platform for the purpose (and year), replacing any other, in one transaction. */
  bind(binding: ChannelBinding): Promise<void>;
  /**
   * Where a post for a purpose goes: the school's configured channels; for Teams, when no
   * channel is configured, the personal conversations of the staff who hold the role, in the
   * school's own tenant.
   */
  targets(schoolId: string, purpose: Purpose, yearGroup?: number): Promise<ChatTarget[]>;
  /** Teams said the conversation is gone (403/404): it is no longer a target. */
  markDead(conversationId: string): Promise<void>;
}

/** The key of one post in one channel: at most one message per key. */
export interface PostKey {
  readonly schoolId: string;
  readonly kind: string;
  readonly dateKey: string;
  readonly session: string;
  readonly target: ChatTarget;
}

export interface PostRow {
  /** Created by this call (no earlier attempt). */
  readonly fresh: boolean;
  /** The message the platform holds for it, once posted (or found). */
  readonly messageRef?: string;
  /** The platform shows the payload given: nothing to do. */
  readonly shown: boolean;
  /** Attempts that failed before this one. */
  readonly attempts: number;
  /** It failed for good (a permanent error): it is not tried again. */
  readonly failed: boolean;
  /** When it was first stored: a look-up for a post whose answer was lost starts there. */
  readonly since: Date;
}

export interface PostLog {
  /**
   * Stores the post (created pending when new; a new payload for one already shown makes it
   * pending again: an update to make), claims it for a short lease, and runs `act` outside any
   * transaction: two workers never send the same post, and no connection is held while the
   * platform answers. `act` is not run while another worker holds the lease, nor when a newer
   * payload was stored meanwhile (its writer sends it): `busy` comes back instead. Each record
   * call is one statement and lets go of the lease.
   */
  withPost<T>(key: PostKey, payload: string, act: (row: PostRow, record: {
    /** The platform shows the payload now (posted, or updated); a message reference when there is one. */
    sent(messageRef: string | undefined): Promise<void>;
    /** A look-up found the message an earlier attempt posted. */
    found(messageRef: string): Promise<void>;
    /** The attempt failed: kept pending to try again at `retryAt`, or failed for good. */
    failed(error: string, retryAt: Date | undefined): Promise<void>;
  }) => Promise<T>): Promise<T | 'busy'>;
  /** The school's posts still pending whose next attempt is due (not older than `since`), oldest first. */
  pending(schoolId: string, now: Date, since: Date): Promise<PendingPost[]>;
  /** Whether any post of this kind for the date and session was sent. */
  wasSent(schoolId: string, kind: string, dateKey: string, session: string): Promise<boolean>;
  /** The days whose shared lists casework asked to bring up to date, and when it last asked. */
  refreshesAsked(schoolId: string): Promise<{ date: string; at: Date }[]>;
  /** The lists of that day are up to date with every request made by `upTo`. */
  refreshed(schoolId: string, date: string, upTo: Date): Promise<void>;
}

/** A post the outbox still has to send: its key, where it goes and what it says. */
export interface PendingPost {
  readonly kind: string;
  readonly dateKey: string;
  readonly session: string;
  readonly target: ChatTarget;
  readonly payload: string;
  readonly attempts: number;
}
