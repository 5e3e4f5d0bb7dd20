/**
 * The register CSV of the evaluate contract: header `upn,date,session,mark`, one row per
 * pupil per session, rows in any order. The whole file is checked before anything uses it;
 * every problem is reported with its file, line and field.
 *
 * Single-character MIS exports are read through a per-source mapping table: a mark the
 * table cannot map is refused, never guessed.
 */
import { type SourceCodeMap, CODE_INDEX, mapSourceMark } from '../../domain/codes.ts';
import { dayOfSlot, isoOf, parseIsoDate, SESSIONS, sessionOfSlot, slotOf } from '../../domain/dates.ts';
import { shownUpn } from '../../domain/upn.ts';
import { InputError, type InputProblem, notOnRoll, type ParsedRegister, type PupilRows } from '../../app/imports/problems.ts';

export { InputError, type InputProblem, type ParsedRegister, formatProblem } from '../../app/imports/problems.ts';

export const REGISTER_HEADER = ['upn', 'date', 'session', 'mark'] as const;

export interface ParseOptions {
  /** A source's single-character mapping, applied before the DfE codes. */
  readonly codeMap?: SourceCodeMap;
  /** Stop collecting after this many problems (the file is rejected either way). */
  readonly maxProblems?: number;
  /** The roll: a row for a UPN it does not hold is a problem. */
  readonly roll?: { readonly has: (upn: string) => boolean; readonly schoolId: string };
}

const CLOSURE_INDEX = CODE_INDEX.get('#')!;
const COMMA = 44;
const NL = 10;
const CR = 13;
const DASH = 45;

/**
 * Reads the file in one pass over its bytes: no line or field strings are made for the
 * usual row (a pupil's UPN is decoded once per run of rows, a date once per distinct date,
 * a one-byte mark once per distinct byte), so a year of a large school reads in a fraction
 * of a second and holds nothing but the packed rows.
 */
export function parseRegisterCsv(input: string | Uint8Array, file: string, options: ParseOptions = {}): ParsedRegister {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const problems: InputProblem[] = [];
  const maxProblems = options.maxProblems ?? 1000;
  const problem = (line: number, field: string, message: string) => {
    if (problems.length < maxProblems) problems.push({ file, line, field, message });
  };
  const text = (from: number, to: number) => buf.toString('utf8', from, to);

  /** Each pupil's index, in order of first appearance. */
  const pupilIndex = new Map<string, number>();
  const upns: string[] = [];
  // the rows, as columns: no valid row is shorter than 18 bytes with its newline, so they
  // are sized once (pages never written are never touched)
  const capacity = Math.floor(buf.length / 18) + 1;
  const rowPupil = new Int32Array(capacity);
  const rowSlot = new Int32Array(capacity);
  const rowCode = new Uint8Array(capacity);
  const rowLine = new Int32Array(capacity);
  let stored = 0;
  /** Times the pupil changed from one stored row to the next: a file grouped by pupil has one run each. */
  let runs = 0;
  /** Each distinct date (key yyyymmdd), parsed once; `marked` when a mark other than # falls on it. */
  const dateCache = new Map<number, { day: number; marked: boolean } | undefined>();
  /** One-byte marks by byte: -2 not yet seen, -1 unknown, else the code index. */
  const byteMarks = new Int16Array(128).fill(-2);
  const markCache = new Map<string, number | undefined>();
  const markOf = (raw: string): number | undefined => {
    if (!markCache.has(raw)) {
      const mapped = mapSourceMark(raw, options.codeMap);
      markCache.set(raw, mapped === undefined ? undefined : CODE_INDEX.get(mapped));
    }
    return markCache.get(raw);
  };
  // the UPN of the row before: a file grouped by pupil decodes each UPN once
  let lastUpnStart = -1;
  let lastUpnEnd = -1;
  let lastPupil = -1;
  // and the date of the row before: the AM and PM rows of a day come together
  let lastDateKey = -1;
  let lastDate: { day: number; marked: boolean } | undefined;
  let rows = 0;
  let lineNo = 0;
  let pos = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let headerSeen = false;
  const end = buf.length;

  while (pos < end) {
    const lineStart = pos;
    let c1 = -1, c2 = -1, c3 = -1, commas = 0;
    let nl = pos;
    while (nl < end && buf[nl] !== COMMA && buf[nl] !== NL) nl++;
    let dateKey = -1;
    // the usual row, `upn,YYYY-MM-DD,AM,x`, is read from its shape alone
    if (nl < end && buf[nl] === COMMA && buf[nl + 11] === COMMA && buf[nl + 14] === COMMA && nl + 15 < end
      && (dateKey = isoDateKey(buf, nl + 1)) !== -1 && isSession(buf, nl + 12) && isMarkByte(buf[nl + 15]!)
      && (nl + 16 === end || buf[nl + 16] === NL || (buf[nl + 16] === CR && (nl + 17 === end || buf[nl + 17] === NL)))) {
      c1 = nl; c2 = nl + 11; c3 = nl + 14; commas = 3;
      nl = buf[nl + 16] === CR ? nl + 17 : nl + 16;
    } else {
      // anything else: one scan of the line finds its end and its commas
      dateKey = -1;
      for (nl = pos; nl < end; nl++) {
        const b = buf[nl]!;
        if (b === NL) break;
        if (b !== COMMA) continue;
        commas++;
        if (commas === 1) c1 = nl;
        else if (commas === 2) c2 = nl;
        else if (commas === 3) c3 = nl;
      }
    }
    let lineEnd = nl;
    pos = nl + 1;
    lineNo++;
    if (lineEnd > lineStart && buf[lineEnd - 1] === CR) lineEnd--;
    if (lineEnd === lineStart) continue;

    if (!headerSeen) {
      headerSeen = true;
      const line = text(lineStart, lineEnd);
      const header = line.split(',').map((f) => f.trim().toLowerCase());
      if (header.length !== 4 || REGISTER_HEADER.some((h, i) => header[i] !== h)) {
        problem(lineNo, 'header', `expected "${REGISTER_HEADER.join(',')}", found "${line}"`);
        break;
      }
      continue;
    }
    rows++;
    if (commas !== 3) {
      const found = commas + 1;
      problem(lineNo, found < 4 ? REGISTER_HEADER[found]! : 'mark', `expected 4 fields, found ${found}`);
      continue;
    }
    let ok = true;

    // upn
    let p = -1;
    if (lastPupil !== -1 && sameBytes(buf, lastUpnStart, lastUpnEnd, lineStart, c1)) {
      p = lastPupil;
    } else {
      const upn = text(lineStart, c1);
      p = pupilIndex.get(upn) ?? -1;
      if (p === -1) {
        if (upn === '' || upn.trim() !== upn) {
          problem(lineNo, 'upn', upn === '' ? 'empty' : `surrounding spaces in "${shownUpn(upn)}"`);
          ok = false;
        } else if (options.roll && !options.roll.has(upn)) {
          problem(lineNo, 'upn', notOnRoll(upn, options.roll.schoolId));
          ok = false;
        } else {
          p = upns.length;
          pupilIndex.set(upn, p);
          upns.push(upn);
        }
      }
      lastPupil = p;
      lastUpnStart = lineStart;
      lastUpnEnd = c1;
    }

    // date: YYYY-MM-DD, each distinct one checked once
    const d0 = c1 + 1;
    let date: { day: number; marked: boolean } | undefined;
    const key = dateKey !== -1 ? dateKey : c2 - d0 === 10 ? isoDateKey(buf, d0) : -1;
    if (key !== -1) {
      date = key === lastDateKey ? lastDate : dateCache.get(key);
      if (date === undefined && !dateCache.has(key)) {
        const day = parseIsoDate(text(d0, c2));
        date = day === undefined ? undefined : { day, marked: false };
        dateCache.set(key, date);
      }
      lastDateKey = key;
      lastDate = date;
    }
    if (date === undefined) {
      problem(lineNo, 'date', `not a date (YYYY-MM-DD): "${text(d0, c2)}"`);
      ok = false;
    }

    // session
    let pm = 0;
    if (c3 - c2 === 3 && isSession(buf, c2 + 1)) {
      pm = buf[c2 + 1] === 80 ? 1 : 0;
    } else {
      problem(lineNo, 'session', `expected AM or PM, found "${text(c2 + 1, c3)}"`);
      ok = false;
    }

    // mark
    let code: number | undefined;
    const b = buf[c3 + 1]!;
    if (lineEnd - c3 === 2 && b < 128) {
      let known = byteMarks[b]!;
      if (known === -2) byteMarks[b] = known = markOf(String.fromCharCode(b)) ?? -1;
      code = known === -1 ? undefined : known;
    } else {
      code = markOf(text(c3 + 1, lineEnd));
    }
    if (code === undefined) {
      const rawMark = text(c3 + 1, lineEnd);
      problem(lineNo, 'mark', options.codeMap
        ? `"${rawMark}" is neither a DfE 2024 code nor in this source's mapping`
        : `unknown attendance code "${rawMark}"`);
      ok = false;
    }
    if (!ok || p === -1) continue;

    if (stored === 0 || rowPupil[stored - 1] !== p) runs++;
    rowPupil[stored] = p;
    rowSlot[stored] = slotOf(date!.day, SESSIONS[pm]!);
    rowCode[stored] = code!;
    rowLine[stored] = lineNo;
    stored++;
    if (code !== CLOSURE_INDEX) date!.marked = true;
  }
  const pupils = groupByPupil(upns, stored, runs, rowPupil, rowSlot, rowCode, rowLine);
  const markedDays = new Set<number>();
  for (const d of dateCache.values()) if (d?.marked) markedDays.add(d.day);
  if (!headerSeen) problem(1, 'header', `empty file: expected "${REGISTER_HEADER.join(',')}"`);

  // Duplicates: a second row for the same pupil, date and session.
  for (const [upn, p] of pupils) {
    if (!hasDuplicate(p.slots)) continue;
    const first = new Map<number, number>();
    for (let i = 0; i < p.slots.length; i++) {
      const slot = p.slots[i]!;
      const earlier = first.get(slot);
      if (earlier === undefined) first.set(slot, p.lines[i]!);
      else problem(p.lines[i]!, 'session', `second row for ${upn} on ${sessionText(slot)} (first at line ${earlier})`);
    }
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    throw new InputError(problems);
  }
  return { file, pupils, markedDays, rows };
}

/** YYYY-MM-DD at `at` as the number yyyymmdd, or -1 when the bytes are not of that shape. */
function isoDateKey(buf: Buffer, at: number): number {
  if (buf[at + 4] !== DASH || buf[at + 7] !== DASH) return -1;
  let key = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const b = buf[at + i]!;
    if (b < 48 || b > 57) return -1;
    key = key * 10 + (b - 48);
  }
  return key;
}

/** `AM` or `PM` at `at`. */
const isSession = (buf: Buffer, at: number) => buf[at + 1] === 77 /* M */ && (buf[at] === 65 /* A */ || buf[at] === 80 /* P */);
/** A one-byte mark: printable ASCII other than a comma. */
const isMarkByte = (b: number) => b > 32 && b < 127 && b !== COMMA;

function sameBytes(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (buf[aStart + i] !== buf[bStart + i]) return false;
  return true;
}

/**
 * Each pupil's rows as views of the columns: in place when the file holds each pupil's rows
 * together (one run per pupil), else after one counting sort by pupil (file order kept within).
 */
function groupByPupil(upns: readonly string[], n: number, runs: number, pupil: Int32Array, slot: Int32Array, code: Uint8Array, line: Int32Array): Map<string, PupilRows> {
  const start = new Int32Array(upns.length + 1);
  for (let i = 0; i < n; i++) start[pupil[i]! + 1]!++;
  for (let k = 0; k < upns.length; k++) start[k + 1]! += start[k]!;
  if (runs !== upns.length) {
    const next = start.slice(0, upns.length);
    const s = new Int32Array(n), c = new Uint8Array(n), l = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const at = next[pupil[i]!]!++;
      s[at] = slot[i]!; c[at] = code[i]!; l[at] = line[i]!;
    }
    [slot, code, line] = [s, c, l];
  }
  const pupils = new Map<string, PupilRows>();
  upns.forEach((upn, k) => {
    const from = start[k]!, to = start[k + 1]!;
    pupils.set(upn, { slots: slot.subarray(from, to), codes: code.subarray(from, to), lines: line.subarray(from, to) });
  });
  return pupils;
}

function hasDuplicate(slots: ArrayLike<number>): boolean {
  let ascending = true;
  for (let i = 1; i < slots.length && ascending; i++) ascending = slots[i]! > slots[i - 1]!;
  if (ascending) return false;
  const sorted = Int32Array.from(slots).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}

const sessionText = (slot: number): string => `${isoOf(dayOfSlot(slot))} ${sessionOfSlot(slot)}`;
