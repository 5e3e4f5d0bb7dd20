/**
 * How much a card shows, whatever the platform (product caps, neutral): rows, buttons and
 * entries per card or page. Lists page (or say how to reach the rest) rather than cut. Each
 * platform's own limits live in its adapter: src/adapters/slack/limits.ts, src/adapters/teams/limits.ts.
 */
export const CAPS = {
  /** Buttons on one list card (within both platforms' limits). */
  buttonsPerList: 24,
  /** Rows of a queried list per page. */
  rowsPerPage: 15,
  /** Pupils offered when a name matches several. */
  choicesShown: 10,
  /** Pupils' letters drafted at once from a list (a form ticks each: within Slack's 100 blocks a modal). */
  lettersPerBatch: 40,
  /** Pupils on one ladder-steps post (the rest: `/attendance steps`). */
  stepsPerPost: 60,
  /** Pupils named in the morning list's footer of unresolved N (the rest: `/attendance unresolved`). */
  unresolvedInFooter: 5,
  /** Case entries on a pupil card. */
  caseEntries: 5,
  /** Safeguarding flags on a DSL's pupil card (open and acknowledged). */
  flagsOnCard: 5,
  /** The school's own attendance levels marked on a chart (beside the national 90%). */
  levelsOnChart: 3,
  /** Weeks of marks in a pupil card's grid. */
  recentWeeks: 4,
  /** Entries of each list on a person's day (calls, steps, reviews, meetings, flags). */
  myDayItems: 8,
  /** Next steps listed on a pupil card. */
  stepsOnCard: 3,
  /** Steps below the pupil's rung (done, not needed, not recorded) listed on a pupil card. */
  historyStepsOnCard: 8,
  /** Meetings offered for an outcome on a pupil card. */
  meetingsOnCard: 2,
  /** Pupil buttons on a queried list page. */
  pupilButtonsPerPage: 15,
  /** Characters of a button label. */
  buttonLabel: 60,
  /** Marks on one "MIS not yet updated" card, each with its button. */
  misRows: 20,
  /** Contacts listed on a pupil card and a call form. */
  contactsOnCard: 4,
  /** Options of one select (Slack allows 100). */
  selectOptions: 100,
  /** Characters of a select option's label (Slack allows 75). */
  optionLabel: 75,
} as const;

/**
 * Text within `max` characters, cut at a word boundary with "…" when it is longer (never
 * "Rapid Respo"); a single word longer than the room is cut where it must be.
 */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  const cut = space >= Math.floor(max * 0.5) ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:(–-]+$/, '')}…`;
}
