/** Teams' limits for the cards the bot sends. */
export const TEAMS = {
  adaptiveCardVersion: '1.5',
  /** Teams refuses a message over about 28 KB: the budget for a card. */
  messageBytes: 28 * 1024,
  actionsPerSet: 6,
} as const;
