/**
 * Teams as a ChatPlatform for delivery: a proactive message into a stored conversation
 * reference, and an update of it in place, through botbuilder's CloudAdapter. Posting needs
 * no bot: only the adapter and the app's credentials.
 */
import { ActivityTypes, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference, MessageFactory } from 'botbuilder';
import type { Card } from '../../../cards/model.ts';
import { toAdaptiveCard } from '../../../cards/teams.ts';
import type { ChatPlatform } from '../../app/ports.ts';

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

export function teamsPlatform(config: TeamsConfig, adapter: CloudAdapter = teamsAdapter(config)): ChatPlatform {
  const reference = (r: Readonly<Record<string, unknown>> | undefined) => {
    if (!r) throw new Error('a Teams target needs a conversation reference');
    return r as Partial<ConversationReference>;
  };
  return {
    async post(target, card) {
      let id: string | undefined;
      await adapter.continueConversationAsync(config.appId ?? '', reference(target.reference), async (context) => {
        id = (await context.sendActivity(cardActivity(card)))?.id;
      });
      return id;
    },
    async update(target, activityId, card) {
      await adapter.continueConversationAsync(config.appId ?? '', reference(target.reference), async (context) => {
        const activity = cardActivity(card);
        activity.id = activityId;
        activity.type = ActivityTypes.Message;
        await context.updateActivity(activity);
      });
    },
  };
}
