/**
 * The drafts a button carries in its data, as text (a button's value is text, and short): one
 * pupil's letters `12.13`, a list's pupils and their letters `4:12.13;5:14`. Written and read
 * here only; the patterns are what a payload is checked against before it is read.
 */
export const DRAFT_IDS = /^\d{1,9}(\.\d{1,9})*$/;
export const LIST_DRAFTS = /^\d{1,9}:\d{1,9}(\.\d{1,9})*(;\d{1,9}:\d{1,9}(\.\d{1,9})*)*$/;

export const draftIdsText = (ids: readonly number[]): string => ids.join('.');
export const parseDraftIds = (text: string): number[] => text.split('.').map(Number);

/** Each pupil with their drafts' text (as one pupil's button carries it), and back: `parseListDrafts` reads what this writes. */
export const listDraftsText = (pupils: readonly { pupilId: number; drafts: string }[]): string =>
  pupils.map((p) => `${p.pupilId}:${p.drafts}`).join(';');
export const parseListDrafts = (text: string): { pupilId: number; drafts: string }[] =>
  text.split(';').map((p) => { const [pupil, ids] = p.split(':'); return { pupilId: Number(pupil), drafts: ids! }; });
