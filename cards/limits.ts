/** Every platform limit the renderers keep to, in one place (Slack Block Kit, Teams). */
export const SLACK = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  elementsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  contextElements: 10,
  modalTitle: 24,
  modalBlocks: 100,
  optionText: 75,
  optionsPerSelect: 100,
  privateMetadata: 3000,
  fallbackText: 4000,
} as const;

export const TEAMS = {
  adaptiveCardVersion: '1.5',
  /** Teams refuses a message over about 28 KB: the budget for a card. */
  messageBytes: 28 * 1024,
  actionsPerSet: 6,
} as const;
