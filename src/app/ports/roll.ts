/** The roll: pupils on roll, their contacts. */


/** A pupil on a school's roll, as the use cases read it. */
export interface PupilRecord {
  readonly id: number;
  readonly upn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly preferredName: string | null;
  readonly yearGroup: number;
  readonly regGroup: string;
  /** YYYY-MM-DD */
  readonly admissionDate: string;
  readonly leavingDate: string | null;
  readonly pupilPremium: boolean;
  readonly freeSchoolMeals: boolean;
  readonly send: string;
  readonly socialWorker: 'none' | 'child_in_need' | 'child_protection';
  readonly lookedAfter: 'none' | 'looked_after' | 'previously_looked_after';
  readonly youngCarer: boolean;
}

/** Which pupils on roll: all, some by id, a year, a form, a UPN, within a member of staff's scope. */
export interface RollFilter {
  readonly ids?: readonly number[];
  readonly yearGroup?: number;
  readonly regGroup?: string;
  readonly upn?: string;
  /** Only the years and forms a member of staff sees (undefined: the whole school). */
  readonly scope?: { readonly years: readonly number[]; readonly forms: readonly string[] };
}

export interface Roll {
  /** Pupils on roll on the date (admitted on or before it, not left before it), in name order. */
  onRoll(schoolId: string, date: string, filter?: RollFilter): Promise<PupilRecord[]>;
  pupil(schoolId: string, pupilId: number): Promise<PupilRecord | undefined>;
  /** The pupil's contacts from the roll import, in the school's order (first to call first). */
  contacts(schoolId: string, pupilId: number): Promise<ContactRecord[]>;
  /** For each of the pupils, the first contact (in the school's order) with a phone number: who the morning list calls first. */
  firstToCall(schoolId: string, pupilIds: readonly number[]): Promise<Map<number, ContactRecord>>;
}

export interface ContactRecord {
  readonly id: number;
  readonly name: string;
  readonly relationship: string;
  readonly parentalResponsibility: boolean;
  /** Has care of the child: a parent in law without parental responsibility (s576). */
  readonly care: boolean;
  readonly phone: string | null;
}
