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
import { chatAs, headOfYear9, memoryWorld, officer, pupil } from '../../support/memory.ts';
import { DOWNLOAD_TTL_MS, draftLetter, draftListLetters, offerDownloads, takeDownload } from '../../../src/app/use-cases/letters/hand-drafts.ts';
import { actOnCard } from '../../../src/app/use-cases/act-on-card.ts';
import { draftsCard } from '../../../cards/attendance.ts';
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
    expect(text).toMatch(/^Memory School, 1 School Lane, Demoton DE1 1AA/);
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

describe('letters drafted from chat, for the person who asked', () => {
  /** Ava and a year 10 pupil both with the graduated ladder's first letter due (attendance well below its level). */
  async function dueWorld() {
    const { w, ava } = world();
    const school = await w.deps.schools.load('mem');
    const ben = pupil({ id: 2, upn: 'B2', givenName: 'Ben', familyName: 'Ten', yearGroup: 10 });
    w.pupils.push(ben);
    w.contacts.push({ pupilId: ben.id, id: 201, name: 'Sam Ten', relationship: 'carer', parentalResponsibility: false, care: true, phone: null });
    w.mark(ben.id, fill(school.calendar, '2024-09-04', '2025-02-25', '/', '\\').concat(fill(school.calendar, '2025-01-06', '2025-02-07', 'O', 'O')));
    w.mark(ava.id, fill(school.calendar, '2025-01-06', '2025-01-24', 'O', 'O'));
    // the graduated ladder's letter 1 follows the teacher's meeting
    for (const p of [ava, ben]) w.stepsDone.push({ pupilId: p.id, stepKey: 'teacher-meeting', day: '2025-02-03', state: 'done', by: { kind: 'staff', staffId: officer.id } });
    const letterOf = async (p: typeof ava) => (await evaluateOne(w.deps, school, TODAY, p)).position.due.find((d) => d.step.kind === 'letter')!.step;
    const step = await letterOf(ava);
    expect((await letterOf(ben)).key).toBe(step.key);
    return { w, ava, ben, school, step };
  }

  it('from the card: one draft per parent as .docx and PDF, kept with its figures and audited; "Mark letter sent" records those drafts, once', async () => {
    const { w, ava, step } = await dueWorld();
    const ctx = chatAs(w.deps, officer, TODAY, 'slack:C1/1');
    const r = await draftLetter(ctx, { pupilId: ava.id, stepKey: step.key });
    if (!r.ok) throw new Error(r.refusal);
    expect(r.drafts.files.map((f) => f.name)).toEqual([
      `A1-${step.template}-kim-nine.docx`, `A1-${step.template}-kim-nine.pdf`, `A1-${step.template}-lee-nine.docx`, `A1-${step.template}-lee-nine.pdf`]);
    expect(r.drafts.files.filter((f) => f.name.endsWith('.docx')).every((f) => f.body.subarray(0, 2).toString() === 'PK')).toBe(true);
    expect(r.drafts.files.filter((f) => f.name.endsWith('.pdf')).every((f) => f.body.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    const [kept] = r.drafts.view.pupils;
    expect(kept).toMatchObject({ pupilId: ava.id, parents: ['Kim Nine (mother)', 'Lee Nine (father)'] });
    expect(w.drafts.map((d) => d.id)).toEqual(kept!.draftIds);
    expect(w.audit.filter((a) => a.action === 'letter.drafted')).toHaveLength(1);
    // the card offers "Mark sent" carrying those drafts; the form carries them on
    const card = draftsCard({ ...r.drafts.view, where: 'in your direct messages with the bot' });
    const mark = card.sections.flatMap((s) => (s.type === 'actions' ? s.actions : [])).find((a) => a.id === 'letter-sent')!;
    expect(mark.data.drafts).toBe(kept!.draftIds.join('.'));
    const attendanceThen = w.drafts[0]!.values.attendance;
    // the figures change after drafting; the record keeps the drafts'
    w.mark(ava.id, fill((await w.deps.schools.load('mem')).calendar, '2025-02-26', '2025-02-26', 'O', 'O'));
    const sent = await markLetterSent(ctx, { pupilId: ava.id, stepKey: step.key, title: step.title, drafts: String(mark.data.drafts) });
    expect(sent).toMatchObject({ ok: true, summary: `Letter sent: ${step.title} to Kim Nine and Lee Nine (letters #${kept!.draftIds[0]}, #${kept!.draftIds[1]}); attendance ${attendanceThen}, ${w.drafts[0]!.values.unauthorisedSessions} unauthorised sessions, as on Wed 26 Feb when drafted` });
    expect(w.drafts.every((d) => d.sentOn === TODAY)).toBe(true);
    expect(w.actions.find((a) => a.kind === 'letter-sent')).toMatchObject({ letters: kept!.draftIds });
    // the same drafts again: refused, nothing recorded twice
    expect(await markLetterSent(ctx, { pupilId: ava.id, stepKey: step.key, title: step.title, drafts: String(mark.data.drafts) })).toMatchObject({ ok: false });
    expect(w.actions.filter((a) => a.kind === 'letter-sent')).toHaveLength(1);
  });

  it('refused, and audited, for a pupil outside the person\'s scope or with no letter due; nothing kept', async () => {
    const { w, ben, ava, step } = await dueWorld();
    const r = await draftLetter(chatAs(w.deps, headOfYear9, TODAY, 'slack:C1/1'), { pupilId: ben.id, stepKey: step.key });
    expect(r).toEqual({ ok: false, refusal: "You can't record casework for that pupil." });
    const notDue = await draftLetter(chatAs(w.deps, officer, TODAY), { pupilId: ava.id, stepKey: 'no-such-step' });
    expect(notDue).toMatchObject({ ok: false, refusal: expect.stringMatching(/No letter of the ladder is due for Ava Nine/) });
    expect(w.drafts).toEqual([]);
    expect(w.audit.filter((a) => a.action === 'letter.draft.refused').map((a) => a.subjectId)).toEqual([String(ben.id), String(ava.id)]);
  });

  it('for the whole list: each pupil the person may see, lowest attendance first, as one archive and one PDF; "Mark all sent" records the ticked ones', async () => {
    const { w, ava, ben, step } = await dueWorld();
    const r = await draftListLetters(chatAs(w.deps, officer, TODAY), { stepKey: step.key });
    if (!r.ok) throw new Error(r.refusal);
    expect(r.drafts.view.pupils.map((p) => p.name)).toEqual(['Ben Ten', 'Ava Nine']); // Ben's attendance is lower
    expect(r.drafts.view.pupils[0]!.parents).toEqual(['Sam Ten (carer)']); // care of the child, without parental responsibility
    expect(r.drafts.files.map((f) => f.name)).toEqual([`mem-${step.template}-2025-02-26.zip`, `mem-${step.template}-2025-02-26-to-print.pdf`]);
    const pdf = r.drafts.files[1]!.body.toString('latin1');
    expect(pdf.match(/\/Type \/Page /g)!.length).toBeGreaterThanOrEqual(3); // three letters, each from a page of its own
    expect(r.drafts.files[0]!.body.subarray(0, 2).toString()).toBe('PK');
    // a head of year 9 drafting the same list gets Ava's only
    const hoy = await draftListLetters(chatAs(w.deps, headOfYear9, TODAY), { stepKey: step.key });
    expect(hoy.ok && hoy.drafts.view.pupils.map((p) => p.name)).toEqual(['Ava Nine']);
    // Mark all sent: the form ticks each; Ben's unticked is not recorded
    const card = draftsCard({ ...r.drafts.view, where: 'x' });
    const all = card.sections.flatMap((s) => (s.type === 'actions' ? s.actions : [])).find((a) => a.id === 'open-letters-sent')!;
    const ctx = chatAs(w.deps, officer, TODAY, 'slack:C1/1');
    const form = await actOnCard(ctx, { kind: 'button', id: 'open-letters-sent' }, all.data);
    expect(form.kind === 'form' && form.form.inputs.map((i) => i.id)).toEqual([`p${ben.id}`, `p${ava.id}`, 'day']);
    if (form.kind !== 'form') throw new Error('no form');
    const done = await actOnCard(ctx, { kind: 'submit', form: 'letters-sent' }, form.form.data, { [`p${ben.id}`]: 'false', [`p${ava.id}`]: 'true', day: TODAY });
    expect(done.kind === 'card' && done.card.title).toBe('Letters recorded sent: 1');
    expect(w.actions.filter((a) => a.kind === 'letter-sent').map((a) => a.pupilId)).toEqual([ava.id]);
    expect(w.drafts.filter((d) => d.sentOn !== null).map((d) => d.pupilId)).toEqual([ava.id, ava.id]);
    // the same form again: Ava's drafts are recorded already, said by name; nothing recorded twice
    const again = await actOnCard(ctx, { kind: 'submit', form: 'letters-sent' }, form.form.data, { [`p${ava.id}`]: 'true', day: TODAY });
    expect(again.kind === 'card' && JSON.stringify(again.card)).toContain('Not recorded: Ava Nine: Those drafts are recorded sent already');
    expect(w.actions.filter((a) => a.kind === 'letter-sent')).toHaveLength(1);
  });

  it('a download link works once, for as long as it lives, and only as signed; each use and refusal audited', async () => {
    const { w } = await dueWorld();
    const ctx = chatAs(w.deps, officer, TODAY);
    const file = { name: 'a.pdf', contentType: 'application/pdf', body: Buffer.from('%PDF-1.4 x') };
    const [link] = await offerDownloads(ctx, [file]);
    const token = new URL(link!.url).searchParams.get('t')!;
    expect(link!.url.startsWith('http://localhost:3000/letters/download?t=')).toBe(true);
    // a forged signature, and an expiry moved later, are not the link
    const [id, exp, sig] = token.split('.');
    expect(await takeDownload(w.deps, `${id}.${exp}.${sig!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`, '10.0.0.1')).toMatchObject({ ok: false, status: 403 });
    expect(await takeDownload(w.deps, `${id}.${Number(exp) + 60_000}.${sig}`, '10.0.0.1')).toMatchObject({ ok: false, status: 403 });
    expect(await takeDownload(w.deps, token, '10.0.0.1')).toEqual({ ok: true, file });
    // the second use, by anyone: gone
    expect(await takeDownload(w.deps, token, '10.0.0.2')).toMatchObject({ ok: false, status: 410, message: expect.stringMatching(/used/) });
    // a link not used in time has expired, and keeps no letter
    const [late] = await offerDownloads(ctx, [file]);
    w.now = new Date(Date.parse(`${TODAY}T12:00:00Z`) + DOWNLOAD_TTL_MS + 1000);
    expect(await takeDownload(w.deps, new URL(late!.url).searchParams.get('t')!, '10.0.0.1')).toMatchObject({ ok: false, status: 410, message: expect.stringMatching(/expired/) });
    expect(await takeDownload(w.deps, 'nonsense', '10.0.0.3')).toMatchObject({ ok: false, status: 404 });
    expect(w.audit.filter((a) => a.action.startsWith('letter.download')).map((a) => `${a.action}:${(a.detail as { why?: string }).why ?? ''}`)).toEqual([
      'letter.download.refused:signature', 'letter.download.refused:signature', 'letter.downloaded:', 'letter.download.refused:used', 'letter.download.refused:expired', 'letter.download.refused:unknown']);
  });
});
