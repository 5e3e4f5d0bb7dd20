/**
 * Teams as a ChatPlatform for delivery: a proactive message into a stored conversation
 * reference, and an update of it in place, through botbuilder's CloudAdapter. Posting needs
 * no bot: only the adapter and the app's credentials.
 */
import { ActivityTypes, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, type TurnContext } from 'botbuilder';
import type { Card } from '../../../cards/model.ts';
import { toAdaptiveCard } from './cards.ts';
import { DeliveryFailure } from '../../app/delivery-failure.ts';
import type { ChatPlatform, ConversationRef } from '../../app/ports.ts';
import { conversationOf } from './reference.ts';

export interface TeamsConfig {
  readonly appId?: string;
  readonly appPassword?: string;
  readonly tenantId?: string;
}

export function teamsAdapter(config: TeamsConfig): CloudAdapter {
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId ?? '', MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppType: config.tenantId ? 'SingleTenant' : 'MultiTenant', MicrosoftAppTenantId: config.tenantId ?? '',
  }));
}

/** A post is the card alone; its summary is what a notification shows, not a second bubble. */
const cardActivity = (card: Card) => ({ ...MessageFactory.attachment(CardFactory.adaptiveCard(toAdaptiveCard(card))), summary: card.summary });

/**
 * What a failed call to the Bot Framework connector means for the outbox: 403/404 (the bot was
 * removed, the conversation is gone) cannot be mended by trying again; anything else can.
 */
function failureOf(err: unknown): DeliveryFailure {
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 403 || status === 404) return new DeliveryFailure(`teams ${status}`, true, undefined, true);
  return new DeliveryFailure(status ? `teams ${status}` : ((err as Error).message ?? String(err)).slice(0, 200), false);
}

/** A call to the Bot Framework connector gives up after this (the outbox tries the post again later). */
export const TEAMS_TIMEOUT_MS = 15_000;

export function teamsPlatform(config: TeamsConfig, adapter: CloudAdapter = teamsAdapter(config)): ChatPlatform {
  const reference = (r: ConversationRef | undefined) => {
    if (!r) throw new DeliveryFailure('no conversation reference', true);
    return conversationOf(r);
  };
  const within = async (target: { reference?: ConversationRef }, fn: (context: TurnContext) => Promise<void>) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      // shorter than the outbox's lease on the post: a connector that never answers gives the post up for a later try
      await Promise.race([
        adapter.continueConversationAsync(config.appId ?? '', reference(target.reference), fn),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new DeliveryFailure('teams timeout', false)), TEAMS_TIMEOUT_MS); }),
      ]);
    } catch (err) {
      throw err instanceof DeliveryFailure ? err : failureOf(err);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    async post(target, card) {
      let id: string | undefined;
      await within(target, async (context) => { id = (await context.sendActivity(cardActivity(card)))?.id; });
      return id;
    },
    async update(target, activityId, card) {
      await within(target, async (context) => {
        const activity = cardActivity(card);
        activity.id = activityId;
        activity.type = ActivityTypes.Message;
        await context.updateActivity(activity);
      });
    },
  };
}
