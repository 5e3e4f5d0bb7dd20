/**
 * Draft letters from chat, for the person who asked and no one else: "Draft letter" on a pupil
 * whose ladder step is a letter gives them that pupil's drafts (one per parent, as .docx and
 * PDF); "Draft all N letters" on a ladder-steps post gives them every pupil's they may see, as
 * one archive and one PDF to print. The drafts are kept with their figures (audited): "Mark
 * letter sent" records those. Where the platform cannot take files from the bot (Teams), they
 * are handed over as one-time links: signed, expiring, each use or refusal audited.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type DraftsView, lettersSentForm } from '../../../../cards/attendance.ts';
import { LIST_DRAFTS, parseListDrafts } from '../../../../cards/draft-ids.ts';
import { CAPS } from '../../../../cards/limits.ts';
import { canRecordCasework } from '../../../domain/access.ts';
import type { StepDue } from '../../../domain/ladder.ts';
import { draftFileBase } from '../../../domain/letters.ts';
import { displayName } from '../../../domain/names.ts';
import { attendancePct } from '../../../domain/statistics.ts';
import type { ChatContext } from '../../deps.ts';
import { type DownloadFile, type NewDraft, type PupilRecord, type SchoolContext, staffActor } from '../../ports.ts';
import { evaluateOne, evaluateRoll } from '../../roll.ts';
import { markLetterSentCommand } from '../casework/mark-letter-sent.ts';
import { CASEWORK_REFUSAL } from '../casework/on-case.ts';
import { type DraftedLetter, draftLetters, LetterError } from './draft-letters.ts';

/** What the platform hands to the person: the drafts' card (without where they went) and the files. */
export interface HandedDrafts {
  readonly view: Omit<DraftsView, 'where' | 'links'>;
  readonly files: readonly DownloadFile[];
}
export type DraftsAnswer = { readonly ok: true; readonly drafts: HandedDrafts } | { readonly ok: false; readonly refusal: string };

export const draftLetterCommand = z.object({ pupilId: z.coerce.number().int().positive(), stepKey: z.string().min(1).max(100) });
export const draftListCommand = z.object({ stepKey: z.string().min(1).max(100) });

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = 'application/pdf';

async function refuse(ctx: ChatContext, refusal: string, subject: { type: string; id: string }, input: unknown): Promise<DraftsAnswer> {
  await ctx.deps.audit.record({
    schoolId: ctx.staff.schoolId, actor: staffActor(ctx.staff), source: ctx.source, action: 'letter.draft.refused',
    subjectType: subject.type, subjectId: subject.id, detail: { refusal, input: input as Record<string, unknown>, where: ctx.where ?? null },
  });
  return { ok: false, refusal };
}

/** The letter step of this key due for the pupil now, if it is one. */
const letterDue = (due: readonly StepDue[], stepKey: string) => due.find((d) => d.step.key === stepKey && d.step.kind === 'letter');

/** To whom a pupil's drafts go, as the card names them. */
const toWhom = (letters: readonly DraftedLetter[]) => letters.map((l) => `${l.parent.name} (${l.parent.relationship})`);

/** Drafts of one pupil's letter, kept; the drafted letters with their stored ids. */
async function keep(ctx: ChatContext, school: SchoolContext, pupil: PupilRecord, step: StepDue, letters: readonly DraftedLetter[]): Promise<number[]> {
  const drafts: NewDraft[] = letters.map((l) => ({
    pupilId: pupil.id, stepKey: step.step.key, template: l.template, title: step.step.title, contactId: l.parent.id, parentName: l.parent.name, asOf: ctx.asOf, values: l.values,
  }));
  return ctx.deps.letters.saveDrafts(school.id, drafts, { actor: staffActor(ctx.staff), source: ctx.source });
}

/** "Draft letter" on a pupil card: that pupil's drafts, one per parent, as .docx and PDF. */
export async function draftLetter(ctx: ChatContext, cmd: z.infer<typeof draftLetterCommand>): Promise<DraftsAnswer> {
  const subject = { type: 'Pupil', id: String(cmd.pupilId) };
  const pupil = await ctx.deps.roll.pupil(ctx.staff.schoolId, cmd.pupilId);
  if (!pupil || !canRecordCasework(ctx.staff.grants, pupil)) return refuse(ctx, CASEWORK_REFUSAL, subject, cmd);
  const school = await ctx.deps.schools.load(ctx.staff.schoolId);
  const { position } = await evaluateOne(ctx.deps, school, ctx.asOf, pupil);
  const step = letterDue(position.due, cmd.stepKey);
  const name = displayName(pupil);
  if (!step) return refuse(ctx, `No letter of the ladder is due for ${name} under that step now (it may be recorded sent already).`, subject, cmd);
  let letters: DraftedLetter[];
  try {
    letters = await draftLetters(ctx.deps, school, pupil, step.step.template ?? step.step.key, ctx.asOf);
  } catch (err) {
    if (err instanceof LetterError) return refuse(ctx, `No draft: ${err.message}.`, subject, cmd);
    throw err;
  }
  const ids = await keep(ctx, school, pupil, step, letters);
  const files: DownloadFile[] = [];
  for (const l of letters) {
    const base = draftFileBase(pupil.upn, l.template, l.parent.name);
    files.push(
      { name: `${base}.docx`, label: `Word, to ${l.parent.name}`, contentType: DOCX, body: await ctx.deps.letterFiles.docx(l) },
      { name: `${base}.pdf`, label: `PDF, to ${l.parent.name}`, contentType: PDF, body: ctx.deps.letterFiles.pdf(l) });
  }
  return {
    ok: true,
    drafts: {
      view: { title: step.step.title, stepKey: step.step.key, asOf: ctx.asOf, skipped: [], pupils: [{ pupilId: pupil.id, name, regGroup: pupil.regGroup, parents: toWhom(letters), draftIds: ids }] },
      files,
    },
  };
}

/**
 * "Draft all N letters" on a ladder-steps post: every pupil this person may see with the step
 * due, lowest attendance first (at most CAPS.lettersPerBatch), as one archive of .docx and one
 * PDF to print. A pupil who cannot be drafted (no parent on the roll) is named, not dropped.
 */
export async function draftListLetters(ctx: ChatContext, cmd: z.infer<typeof draftListCommand>): Promise<DraftsAnswer> {
  const school = await ctx.deps.schools.load(ctx.staff.schoolId);
  const subject = { type: 'School', id: school.id };
  const due = (await evaluateRoll(ctx.deps, school, ctx.asOf))
    .filter((r) => canRecordCasework(ctx.staff.grants, r.pupil) && letterDue(r.due, cmd.stepKey))
    .sort((a, b) => (attendancePct(a.evaluation.stats) ?? 100) - (attendancePct(b.evaluation.stats) ?? 100));
  if (due.length === 0) return refuse(ctx, 'No pupil you can see has that letter due now: each may be recorded sent already.', subject, cmd);
  const skipped: string[] = due.length > CAPS.lettersPerBatch ? [`${due.length - CAPS.lettersPerBatch} more with the highest attendance (press again once these are marked sent, or draft each from their card)`] : [];
  const pupils: DraftsView['pupils'][number][] = [];
  const docs: { name: string; data: Buffer }[] = [];
  const all: DraftedLetter[] = [];
  const step = letterDue(due[0]!.due, cmd.stepKey)!;
  for (const r of due.slice(0, CAPS.lettersPerBatch)) {
    const name = displayName(r.pupil);
    let letters: DraftedLetter[];
    try {
      letters = await draftLetters(ctx.deps, school, r.pupil, step.step.template ?? step.step.key, ctx.asOf);
    } catch (err) {
      if (!(err instanceof LetterError)) throw err;
      // the school has no address or signatory: no letter can be drafted, say so once
      if (/no (address|signatory)/.test(err.message)) return refuse(ctx, `No draft: ${err.message}.`, subject, cmd);
      skipped.push(`${name} (${r.pupil.regGroup}): ${err.message}`);
      continue;
    }
    const ids = await keep(ctx, school, r.pupil, step, letters);
    pupils.push({ pupilId: r.pupil.id, name, regGroup: r.pupil.regGroup, parents: toWhom(letters), draftIds: ids });
    for (const l of letters) docs.push({ name: `${r.pupil.regGroup}-${draftFileBase(r.pupil.upn, l.template, l.parent.name)}.docx`, data: await ctx.deps.letterFiles.docx(l) });
    all.push(...letters);
  }
  if (pupils.length === 0) return refuse(ctx, `No draft: ${skipped.join('; ')}.`, subject, cmd);
  const base = draftFileBase(school.id, step.step.template ?? step.step.key, ctx.asOf);
  return {
    ok: true,
    drafts: {
      view: { title: step.step.title, stepKey: step.step.key, asOf: ctx.asOf, skipped, pupils },
      files: [
        { name: `${base}.zip`, label: `Word documents (.zip), ${all.length} letters`, contentType: 'application/zip', body: ctx.deps.letterFiles.zip(docs) },
        { name: `${base}-to-print.pdf`, label: `One PDF to print, ${all.length} letters`, contentType: PDF, body: ctx.deps.letterFiles.pdf(all) },
      ],
    },
  };
}

/** "Mark all sent" after a list's drafts: the form, a toggle for each pupil whose drafts this person was given. */
export const listDraftsData = markLetterSentCommand.pick({ stepKey: true, title: true }).extend({
  drafts: z.string().max(1900).regex(LIST_DRAFTS, 'drafts: pupil:id.id;…'),
});

export async function openLettersSent(ctx: ChatContext, data: z.infer<typeof listDraftsData>) {
  const pupils: { pupilId: number; name: string; regGroup: string; drafts: string }[] = [];
  for (const p of parseListDrafts(data.drafts).slice(0, CAPS.lettersPerBatch)) {
    const pupil = await ctx.deps.roll.pupil(ctx.staff.schoolId, p.pupilId);
    if (pupil && canRecordCasework(ctx.staff.grants, pupil)) pupils.push({ pupilId: pupil.id, name: displayName(pupil), regGroup: pupil.regGroup, drafts: p.drafts });
  }
  return lettersSentForm(data.title, data.stepKey, pupils, ctx.asOf);
}

/** A one-time link lives this long. */
export const DOWNLOAD_TTL_MS = 30 * 60_000;
/** How the card says it (kept beside the figure it says). */
export const DOWNLOAD_TTL_WORDS = 'half an hour';
export const DOWNLOAD_PATH = '/letters/download';

const signature = (key: Buffer, id: number, expiresMs: number, nonce: string) => createHmac('sha256', key).update(`${id}.${expiresMs}.${nonce}`).digest('base64url');

/** Teams: each file kept for one download by a signed link, for this person; the links. */
export async function offerDownloads(ctx: ChatContext, files: readonly DownloadFile[]): Promise<{ label: string; url: string }[]> {
  const { baseUrl, key } = ctx.deps.downloadLinks;
  const expiresAt = new Date(ctx.deps.clock.now().getTime() + DOWNLOAD_TTL_MS);
  const links: { label: string; url: string }[] = [];
  for (const f of files) {
    const offered = await ctx.deps.letters.offerDownload(ctx.staff.schoolId, `staff:${ctx.staff.id}`, f, expiresAt);
    const token = `${offered.id}.${offered.expiresAt.getTime()}.${signature(key, offered.id, offered.expiresAt.getTime(), offered.nonce)}`;
    links.push({ label: `Download: ${f.label ?? f.name}`, url: `${baseUrl()}${DOWNLOAD_PATH}?t=${token}` });
  }
  return links;
}

export type DownloadAnswer = { readonly ok: true; readonly file: DownloadFile } | { readonly ok: false; readonly status: 403 | 404 | 410; readonly message: string };

/**
 * A download link opened: the file, once, while the link lives and its signature holds;
 * otherwise why not. Each, taken or refused, is audited with where it came from.
 */
export async function takeDownload(deps: ChatContext['deps'], token: string, from: string): Promise<DownloadAnswer> {
  const m = /^(\d{1,9})\.(\d{1,15})\.([\w-]{43})$/.exec(token);
  const id = m ? Number(m[1]) : 0;
  const expiresMs = m ? Number(m[2]) : 0;
  const check = (d: { nonce: string; expiresAt: Date }) => {
    if (!m || d.expiresAt.getTime() !== expiresMs) return false;
    const want = Buffer.from(signature(deps.downloadLinks.key, id, expiresMs, d.nonce));
    const got = Buffer.from(m[3]!);
    return want.length === got.length && timingSafeEqual(want, got);
  };
  const taken = m ? await deps.letters.takeDownload(id, deps.clock.now(), check) : { ok: false as const, why: 'unknown' as const };
  const actor = { kind: 'system' as const, what: 'download' };
  if (taken.ok) {
    await deps.audit.record({ schoolId: taken.schoolId, actor, source: 'api', action: 'letter.downloaded', subjectType: 'LetterDownload', subjectId: String(id), detail: { givenTo: taken.givenTo, file: taken.file.name, from } });
    return { ok: true, file: taken.file };
  }
  await deps.audit.record({ ...(taken.schoolId ? { schoolId: taken.schoolId } : {}), actor, source: 'api', action: 'letter.download.refused', subjectType: 'LetterDownload', subjectId: String(id), detail: { givenTo: taken.givenTo ?? null, why: taken.why, from } });
  switch (taken.why) {
    case 'used': return { ok: false, status: 410, message: 'This link has been used: each works once. Draft the letters again from the card.' };
    case 'expired': return { ok: false, status: 410, message: 'This link has expired. Draft the letters again from the card.' };
    case 'signature': return { ok: false, status: 403, message: 'This link is not valid.' };
    case 'unknown': return { ok: false, status: 404, message: 'No such download.' };
  }
}
