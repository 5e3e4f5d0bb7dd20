/**
 * A school's letters: its own templates (replacing the presets' defaults by key), its address
 * and who signs; the drafts made from them, each kept with its figures; and the one-time
 * downloads that hand drafts to a person where the platform cannot take files from the bot.
 */
import type { LetterDraft, LetterField, LetterTemplate } from '../../domain/letters.ts';
import type { Who } from './audit.ts';

export interface LetterSettings {
  readonly address: string | null;
  readonly signatory: string | null;
  readonly templates: readonly LetterTemplate[];
}

/** A draft as kept: for one parent, with the figures it was filled with on its day. */
export interface StoredDraft {
  readonly id: number;
  readonly pupilId: number;
  readonly stepKey: string;
  readonly template: string;
  readonly title: string;
  readonly contactId: number;
  readonly parentName: string;
  /** The school day its figures are to. */
  readonly asOf: string;
  readonly values: Readonly<Partial<Record<LetterField, string>>>;
  readonly draftedBy: string;
  /** The day it was recorded sent. */
  readonly sentOn: string | null;
}
export type NewDraft = Omit<StoredDraft, 'id' | 'draftedBy' | 'sentOn'>;

/** A file handed over once, by a signed link. */
export interface DownloadFile {
  readonly name: string;
  /** What a person is offered it as ("Word, to Kim Nine"). */
  readonly label?: string;
  readonly contentType: string;
  readonly body: Buffer;
}
export interface OfferedDownload { readonly id: number; readonly nonce: string; readonly expiresAt: Date }
export type TakenDownload =
  | { readonly ok: true; readonly schoolId: string; readonly givenTo: string; readonly file: DownloadFile }
  | { readonly ok: false; readonly schoolId?: string; readonly givenTo?: string; readonly why: 'unknown' | 'used' | 'expired' | 'signature' };

export interface Letters {
  settings(schoolId: string): Promise<LetterSettings>;
  /** Replaces what is given (address, signatory, templates by key), audited. */
  set(schoolId: string, changes: Partial<LetterSettings>, who: Who): Promise<void>;
  /** Keeps drafts (audited `letter.drafted`, who and for whom); their ids in order. */
  saveDrafts(schoolId: string, drafts: readonly NewDraft[], who: Who): Promise<number[]>;
  /** A pupil's drafts of these ids (others' are not returned). */
  drafts(schoolId: string, pupilId: number, ids: readonly number[]): Promise<StoredDraft[]>;
  /** Keeps a file for one download, until `expiresAt`. */
  offerDownload(schoolId: string, givenTo: string, file: DownloadFile, expiresAt: Date): Promise<OfferedDownload>;
  /**
   * Takes a download once: `check` is given the row's nonce and expiry and says whether the
   * link's signature is theirs; the file is cleared as it is taken, and every expired one with it.
   */
  takeDownload(id: number, now: Date, check: (d: { nonce: string; expiresAt: Date }) => boolean): Promise<TakenDownload>;
}

/** Drafts as the files a school sends and prints. */
export interface LetterFiles {
  /** An editable Word document of one letter. */
  docx(letter: LetterDraft): Promise<Buffer>;
  /** One or more letters as one PDF, each from a new page. */
  pdf(letters: LetterDraft | readonly LetterDraft[]): Buffer;
  /** Files as one archive. */
  zip(files: readonly { name: string; data: Buffer }[]): Buffer;
}
