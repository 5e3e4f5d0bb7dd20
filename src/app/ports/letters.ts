/** A school's letters: its own templates (replacing the presets' defaults by key), its address and who signs. */
import type { LetterTemplate } from '../../domain/letters.ts';
import type { Who } from './audit.ts';

export interface LetterSettings {
  readonly address: string | null;
  readonly signatory: string | null;
  readonly templates: readonly LetterTemplate[];
}

export interface Letters {
  settings(schoolId: string): Promise<LetterSettings>;
  /** Replaces what is given (address, signatory, templates by key), audited. */
  set(schoolId: string, changes: Partial<LetterSettings>, who: Who): Promise<void>;
}
