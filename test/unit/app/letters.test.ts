/** Letters ready to send: every preset's template filled with the engine's own figures, one per parent; the law's elements in a notice to improve. */
import { describe, expect, it } from 'vitest';
import { draftLetters, LetterError } from '../../../src/app/use-cases/letters/draft-letters.ts';
import { evaluateOne } from '../../../src/app/roll.ts';
import { DEFAULT_TEMPLATES } from '../../../src/config/letter-templates.ts';
import { LADDER_PRESETS } from '../../../src/config/ladder-presets.ts';
import { checkTemplate, REQUIRED_FIELDS, TemplateError } from '../../../src/domain/letters.ts';
import { absencePct, attendancePct, formatPct } from '../../../src/domain/statistics.ts';
import { markLetterSent } from '../../../src/app/use-cases/casework/mark-letter-sent.ts';
import { viewPupil } from '../../../src/app/use-cases/view-pupil.ts';
import { chatAs, memoryWorld, officer, pupil } from '../../support/memory.ts';
import { calendar2024, fill } from '../../support/registers.ts';

const TODAY = '2025-02-26';

function world() {
  const calendar = calendar2024();
  const ava = pupil({ id: 1, upn: 'A1', givenName: 'Ava', familyName: 'Nine', yearGroup: 9 });
  const contacts = [
    { pupilId: ava.id, id: 101, name: 'Kim Nine', relationship: 'mother', parentalResponsibility: true, care: false, phone: '07700 900001' },
    { pupilId: ava.id, id: 102, name: 'Lee Nine', relationship: 'father', parentalResponsibility: true, care: false, phone: null },
    { pupilId: ava.id, id: 103, name: 'Gran Nine', relationship: 'grandmother', parentalResponsibility: false, care: false, phone: '07700 900003' },
  ];
  const w = memoryWorld({ calendar, ladder: LADDER_PRESETS.graduated!, pupils: [ava], staff: [officer], today: TODAY, contacts });
  // present, but Mondays ill, a week of holiday not agreed, and illness this week
  w.mark(ava.id, fill(calendar, '2024-09-04', '2025-02-25', '/', '\\').concat(fill(calendar, '2025-02-10', '2025-02-14', 'G', 'G'), fill(calendar, '2025-02-24', '2025-02-25', 'I', 'I')));
  return { w, ava };
}

describe('letters drafted from the record', () => {
  it.each(DEFAULT_TEMPLATES.map((t) => [t.key, t] as const))('%s: the figures are the engine\'s for the pupil and day; one letter per parent with parental responsibility', async (_key, template) => {
    const { w, ava } = world();
    const drafts = await draftLetters(w.deps, await w.deps.schools.load('mem'), ava, template.key, TODAY);
    expect(drafts.map((d) => d.parent.name)).toEqual(['Kim Nine', 'Lee Nine']); // the grandmother has neither parental responsibility nor care
    const { evaluation: e } = await evaluateOne(w.deps, await w.deps.schools.load('mem'), TODAY, ava);
    const text = drafts[0]!.paragraphs.join('\n');
    expect(drafts[0]!.values.attendance).toBe(formatPct(attendancePct(e.stats)));
    expect(drafts[0]!.values.absence).toBe(formatPct(absencePct(e.stats)));
    expect(text).toContain(`has attended ${formatPct(attendancePct(e.stats))} of sessions`);
    expect(text).toContain(`${e.stats.present} of ${e.stats.possible} sessions`);
    expect(text).toContain(`${e.stats.authorised} were authorised and ${e.stats.unauthorised} unauthorised`);
    expect(text).toContain('Mon 10 Feb G, Tue 11 Feb G, Wed 12 Feb G, Thu 13 Feb G, Fri 14 Feb G, Mon 24 Feb I, Tue 25 Feb I (G: holiday not granted by the school; I: illness');
    expect(text).toMatch(/^Memory School, Demo Academy, 1 School Lane/);
    expect(drafts[0]!.paragraphs).toContain('Dear Kim Nine,');
    expect(drafts[1]!.paragraphs).toContain('Dear Lee Nine,');
    expect(text).not.toMatch(/\{\{|undefined|null|NaN/);
  });

  it('a notice to improve states the record, the support offered, the improvement needed with its period and end, and the penalty grounds', async () => {
    const { w, ava } = world();
    const [d] = await draftLetters(w.deps, await w.deps.schools.load('mem'), ava, 'graduated-nti', TODAY);
    const text = d!.paragraphs.join('\n');
    for (const f of REQUIRED_FIELDS['notice-to-improve']) expect(d!.values[f], f).toBeTruthy();
    expect(text).toContain("**Ava Nine's attendance record.** Ava Nine has attended");
    expect(text).toContain('**The support offered.**');
    expect(text).toMatch(/\*\*The improvement needed\.\*\* No unauthorised absence, over an improvement period of 15 school days, ending on \w{3} \d+ \w{3}\./);
    expect(text).toContain('a first notice is £160, or £80 if paid within 21 days');
  });

  it('a template naming a field that does not exist, or leaving out one its kind must state, is refused by name; nobody to write to is said', async () => {
    expect(() => checkTemplate({ key: 'x', kind: 'letter', title: 'T', body: 'Dear {{parent}}, {{pupil}} {{attendance}} {{school}} {{signatory}} {{favouriteColour}}' })).toThrow(/template x: \{\{favouriteColour\}\} is not a field/);
    expect(() => checkTemplate({ key: 'nti', kind: 'notice-to-improve', title: 'T', body: 'Dear {{parent}}, {{pupil}} {{attendance}} {{school}} {{signatory}}' })).toThrow(/\{\{record\}\} is missing: a notice to improve must state/);
    expect(() => checkTemplate({ key: 'y', kind: 'letter', title: 'T', body: 'Dear {{parent}}, {{pupil}} {{attendance}} {{school}} {{signatory}} {{broken' })).toThrow(TemplateError);
    const { w } = world();
    const orphan = pupil({ id: 9, upn: 'O9', givenName: 'Oli', familyName: 'Orphan', yearGroup: 9 });
    w.pupils.push(orphan);
    await expect(draftLetters(w.deps, await w.deps.schools.load('mem'), orphan, 'graduated-letter-1', TODAY)).rejects.toThrow(LetterError);
    await expect(draftLetters(w.deps, await w.deps.schools.load('mem'), w.pupils[0]!, 'no-such-letter', TODAY)).rejects.toThrow(/no letter template "no-such-letter"/);
  });

  it("a school's own template replaces the preset's, checked when set", async () => {
    const { w, ava } = world();
    await w.deps.letters.set('mem', { templates: [{ key: 'graduated-letter-1', kind: 'letter', title: 'Our own letter', body: 'Dear {{parent}},\n\n{{pupil}} is at {{attendance}}.\n\n{{signatory}}, {{school}}' }] }, { actor: { kind: 'cli', user: 't' }, source: 'cli' });
    const [d] = await draftLetters(w.deps, await w.deps.schools.load('mem'), ava, 'graduated-letter-1', TODAY);
    expect(d!.title).toBe('Our own letter');
    expect(d!.paragraphs[1]).toMatch(/^Ava Nine is at \d+\.\d%\.$/);
    await expect(w.deps.letters.set('mem', { templates: [{ key: 'bad', kind: 'letter', title: 'x', body: '{{nope}}' }] }, { actor: { kind: 'cli', user: 't' }, source: 'cli' })).rejects.toThrow(/\{\{nope\}\} is not a field/);
  });

  it('every letter step of every preset has a template', () => {
    const keys = new Set(DEFAULT_TEMPLATES.map((t) => t.key));
    const named = Object.values(LADDER_PRESETS).flatMap((l) => l.rungs.flatMap((r) => r.steps.flatMap((s) => (s.template ? [s.template] : []))));
    expect(named.filter((k) => !keys.has(k))).toEqual([]);
  });
});

describe('a letter marked sent is kept with the case as it went', () => {
  it('to whom, and the figures as they were on the day, on the timeline; later marks do not change it', async () => {
    const { w, ava } = world();
    const school = await w.deps.schools.load('mem');
    const step = school.ladder.rungs.flatMap((r) => r.steps).find((s) => s.template === 'graduated-letter-1')!;
    const r = await markLetterSent(chatAs(w.deps, officer, TODAY, 'slack:C1/1'), { pupilId: ava.id, stepKey: step.key, title: step.title });
    const { evaluation: e } = await evaluateOne(w.deps, school, TODAY, ava);
    const expected = `to Kim Nine (mother) and Lee Nine (father); attendance ${formatPct(attendancePct(e.stats))}, ${e.stats.unauthorised} unauthorised sessions, as on Wed 26 Feb`;
    expect(r).toMatchObject({ ok: true, summary: `Letter sent: ${step.title} ${expected}` });
    // a week of unauthorised absence lands afterwards: the letter's record still says what it said
    w.mark(ava.id, fill(school.calendar, '2025-02-26', '2025-02-26', 'O', 'O'));
    const after = await viewPupil(w.deps, school, officer, ava, TODAY);
    expect(after.actions.find((a) => a.kind === 'letter-sent')!.summary).toContain(expected);
  });
});
