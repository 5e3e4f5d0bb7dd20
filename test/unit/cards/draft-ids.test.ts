import { describe, expect, it } from 'vitest';
import { DRAFT_IDS, draftIdsText, LIST_DRAFTS, listDraftsText, parseDraftIds, parseListDrafts } from '../../../cards/draft-ids.ts';

describe('the drafts a button carries', () => {
  it("one pupil's letters and a list's pupils read back as written, each matching its pattern", () => {
    expect(draftIdsText([12, 13])).toBe('12.13');
    expect(parseDraftIds(draftIdsText([12, 13]))).toEqual([12, 13]);
    const list = listDraftsText([{ pupilId: 4, drafts: draftIdsText([12, 13]) }, { pupilId: 5, drafts: draftIdsText([14]) }]);
    expect(list).toBe('4:12.13;5:14');
    expect(LIST_DRAFTS.test(list)).toBe(true);
    expect(parseListDrafts(list)).toEqual([{ pupilId: 4, drafts: '12.13' }, { pupilId: 5, drafts: '14' }]);
    expect(listDraftsText(parseListDrafts(list))).toBe(list);
    for (const p of parseListDrafts(list)) expect(DRAFT_IDS.test(p.drafts)).toBe(true);
  });

  it('anything else is refused by the patterns before it is read', () => {
    for (const bad of ['', '12.', '.12', '12..13', '12,13', '1e3', '-1', '1234567890', '12.13;']) expect(DRAFT_IDS.test(bad)).toBe(false);
    for (const bad of ['', '4', '4:', ':12', '4:12;', '4:12;5', '4:12.13;5:14;', '4:12:13', '4:12 ;5:14']) expect(LIST_DRAFTS.test(bad)).toBe(false);
  });
});
