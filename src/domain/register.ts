/**
 * One pupil's register: at most one code per school day and session. Held as two packed
 * arrays sorted by slot (day * 2 + session) so that a whole school's year evaluates in a
 * fraction of a second.
 */
import { type AttendanceCode, ATTENDANCE_CODES, CODE_INDEX, COUNTS_BY_INDEX, COUNT_NONE } from './codes.ts';
import {
  type DayNumber,
  type IsoDate,
  type Session,
  type Slot,
  dayOf,
  dayOfSlot,
  isoOf,
  sessionOfSlot,
  slotOf,
} from './dates.ts';

export interface Mark {
  readonly date: IsoDate;
  readonly session: Session;
  readonly code: AttendanceCode;
}

export class DuplicateMarkError extends Error {
  constructor(readonly date: IsoDate, readonly session: Session) {
    super(`two marks for ${date} ${session}`);
  }
}

export class PupilRegister {
  private constructor(
    /** Sorted ascending, unique. */
    readonly slots: Int32Array,
    /** Code index (see CODE_INDEX) for each slot. */
    readonly codes: Uint8Array,
  ) {}

  static readonly EMPTY = new PupilRegister(new Int32Array(0), new Uint8Array(0));

  /** From marks in any order; two marks for one session are an error. */
  static fromMarks(marks: Iterable<Mark>): PupilRegister {
    const slots: number[] = [];
    const codes: number[] = [];
    for (const m of marks) {
      slots.push(slotOf(dayOf(m.date), m.session));
      codes.push(CODE_INDEX.get(m.code)!);
    }
    return PupilRegister.fromPacked(slots, codes);
  }

  /**
   * From parallel arrays of slots and code indexes in any order. Throws DuplicateMarkError
   * when a slot appears twice. Typed arrays already in order (as a register file is read)
   * are held as they are, not copied: the caller hands them over.
   */
  static fromPacked(slots: ArrayLike<number>, codes: ArrayLike<number>): PupilRegister {
    const n = slots.length;
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = slots[i]! > slots[i - 1]!;
    if (sorted && slots instanceof Int32Array && codes instanceof Uint8Array) return new PupilRegister(slots, codes);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (!sorted) order.sort((a, b) => slots[a]! - slots[b]!);
    const s = new Int32Array(n);
    const c = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const k = order[i]!;
      s[i] = slots[k]!;
      c[i] = codes[k]!;
      if (i > 0 && s[i] === s[i - 1]) {
        const day = dayOfSlot(s[i]!);
        throw new DuplicateMarkError(isoOf(day), sessionOfSlot(s[i]!));
      }
    }
    return new PupilRegister(s, c);
  }

  /** An earlier register followed by a later one (every slot of `earlier` before any of `later`). */
  static concat(earlier: PupilRegister, later: PupilRegister): PupilRegister {
    if (earlier.size === 0) return later;
    if (later.size === 0) return earlier;
    if (earlier.slots[earlier.size - 1]! >= later.slots[0]!) throw new RangeError('registers overlap');
    const slots = new Int32Array(earlier.size + later.size);
    slots.set(earlier.slots);
    slots.set(later.slots, earlier.size);
    const codes = new Uint8Array(slots.length);
    codes.set(earlier.codes);
    codes.set(later.codes, earlier.size);
    return new PupilRegister(slots, codes);
  }

  /** Days (on or before `to`) with at least one session whose code counts as possible. */
  countedDays(to: DayNumber = Infinity): number {
    let n = 0;
    let last = -Infinity;
    const end = this.indexAfter(to);
    for (let i = 0; i < end; i++) {
      const day = this.slots[i]! >> 1;
      if (day !== last && COUNTS_BY_INDEX[this.codes[i]!] !== COUNT_NONE) { n++; last = day; }
    }
    return n;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Index of the first slot on or after the given day. */
  indexFrom(day: DayNumber): number {
    return this.indexOfFirstSlotAtLeast(day * 2);
  }

  private indexOfFirstSlotAtLeast(target: Slot): number {
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.slots[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index one past the last slot on or before the given day. */
  indexAfter(day: DayNumber): number {
    return this.indexFrom(day + 1);
  }

  codeAt(i: number): AttendanceCode {
    return ATTENDANCE_CODES[this.codes[i]!]!;
  }

  markAt(i: number): Mark {
    const slot: Slot = this.slots[i]!;
    return { date: isoOf(dayOfSlot(slot)), session: sessionOfSlot(slot), code: this.codeAt(i) };
  }

  codeOn(day: DayNumber, session: Session): AttendanceCode | undefined {
    const slot = slotOf(day, session);
    const i = this.indexOfFirstSlotAtLeast(slot);
    return this.slots[i] === slot ? this.codeAt(i) : undefined;
  }

  /** Marks in [from, to], oldest first. */
  *marksBetween(from: DayNumber, to: DayNumber): Generator<Mark> {
    const end = this.indexAfter(to);
    for (let i = this.indexFrom(from); i < end; i++) yield this.markAt(i);
  }
}
