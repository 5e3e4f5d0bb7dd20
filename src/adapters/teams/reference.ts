/**
 * A Teams conversation reference, as the rest of the service holds it: an opaque value
 * (ConversationRef) made here from an activity and read back here, the only two places it
 * is botbuilder's type.
 */
import { type ConversationReference, TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { ConversationRef } from '../../app/ports.ts';

/** The reference of the conversation an activity came from. */
export const referenceOf = (activity: Partial<Activity>): ConversationRef =>
  TurnContext.getConversationReference(activity) as unknown as ConversationRef;

/** The reference as botbuilder reads it, to continue the conversation. */
export const conversationOf = (ref: ConversationRef): Partial<ConversationReference> => ref as Partial<ConversationReference>;
