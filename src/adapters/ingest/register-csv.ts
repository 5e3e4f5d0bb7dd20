/**
 * The register CSV of the evaluate contract: header `upn,date,session,mark`, one row per
 * pupil per session, rows in any order. The whole file is checked before anything uses it;
 * every problem is reported with its file, line and field.
 *
 * Single-character MIS exports are read through a per-source mapping table: a mark the
 * table cannot map is refused, never guessed.
 */
import { type SourceCodeMap, CODE_INDEX, mapSourceMark } from '../../domain/codes.ts';
import { type Session, dayOfSlot, isoOf, parseIsoDate, sessionOfSlot, slotOf } from '../../domain/dates.ts';
import { InputError, type InputProblem, notOnRoll, type ParsedRegister, type PupilRows } from '../../app/imports/rows.ts';

export { InputError, type InputProblem, type ParsedRegister, formatProblem } from '../../app/imports/rows.ts';

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

export function parseRegisterCsv(text: string, file: string, options: ParseOptions = {}): ParsedRegister {
  const problems: InputProblem[] = [];
  const maxProblems = options.maxProblems ?? 1000;
  const problem = (line: number, field: string, message: string) => {
    if (problems.length < maxProblems) problems.push({ file, line, field, message });
  };

  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const pupils = new Map<string, PupilRows>();
  /** Each distinct date text, parsed once; `marked` when a mark other than # falls on it. */
  const dateCache = new Map<string, { day: number; marked: boolean } | undefined>();
  const markCache = new Map<string, number | undefined>();
  let rows = 0;
  let lineNo = 0;
  let pos = 0;
  let headerSeen = false;

  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const lineStart = pos;
    let lineEnd = nl;
    pos = nl + 1;
    lineNo++;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    if (lineEnd === lineStart) continue;

    if (!headerSeen) {
      headerSeen = true;
      const line = text.slice(lineStart, lineEnd);
      const header = line.split(',').map((f) => f.trim().toLowerCase());
      if (header.length !== 4 || REGISTER_HEADER.some((h, i) => header[i] !== h)) {
        problem(lineNo, 'header', `expected "${REGISTER_HEADER.join(',')}", found "${line}"`);
        break;
      }
      continue;
    }
    rows++;
    const c1 = text.indexOf(',', lineStart);
    const c2 = c1 === -1 || c1 > lineEnd ? -1 : text.indexOf(',', c1 + 1);
    const c3 = c2 === -1 || c2 > lineEnd ? -1 : text.indexOf(',', c2 + 1);
    const c4 = c3 === -1 || c3 > lineEnd ? -1 : text.indexOf(',', c3 + 1);
    if (c3 === -1 || c3 > lineEnd || (c4 !== -1 && c4 < lineEnd)) {
      const found = text.slice(lineStart, lineEnd).split(',').length;
      problem(lineNo, found < 4 ? REGISTER_HEADER[found]! : 'mark', `expected 4 fields, found ${found}`);
      continue;
    }
    const upn = text.slice(lineStart, c1);
    const dateText = text.slice(c1 + 1, c2);
    const session = text.slice(c2 + 1, c3);
    const rawMark = text.slice(c3 + 1, lineEnd);
    let ok = true;

    let p = pupils.get(upn);
    if (!p) {
      if (upn === '' || upn.trim() !== upn) {
        problem(lineNo, 'upn', upn === '' ? 'empty' : `surrounding spaces in "${upn}"`);
        ok = false;
      } else if (options.roll && !options.roll.has(upn)) {
        problem(lineNo, 'upn', notOnRoll(upn, options.roll.schoolId));
        ok = false;
      } else {
        p = { slots: [], codes: [], lines: [] };
        pupils.set(upn, p);
      }
    }
    let date = dateCache.get(dateText);
    if (date === undefined && !dateCache.has(dateText)) {
      const day = parseIsoDate(dateText);
      date = day === undefined ? undefined : { day, marked: false };
      dateCache.set(dateText, date);
    }
    if (date === undefined) {
      problem(lineNo, 'date', `not a date (YYYY-MM-DD): "${dateText}"`);
      ok = false;
    }
    if (session !== 'AM' && session !== 'PM') {
      problem(lineNo, 'session', `expected AM or PM, found "${session}"`);
      ok = false;
    }
    let code = markCache.get(rawMark);
    if (code === undefined && !markCache.has(rawMark)) {
      const mapped = mapSourceMark(rawMark, options.codeMap);
      code = mapped === undefined ? undefined : CODE_INDEX.get(mapped);
      markCache.set(rawMark, code);
    }
    if (code === undefined) {
      problem(lineNo, 'mark', options.codeMap
        ? `"${rawMark}" is neither a DfE 2024 code nor in this source's mapping`
        : `unknown attendance code "${rawMark}"`);
      ok = false;
    }
    if (!ok || !p) continue;

    p.slots.push(slotOf(date!.day, session as Session));
    p.codes.push(code!);
    p.lines.push(lineNo);
    if (code !== CLOSURE_INDEX) date!.marked = true;
  }
  const markedDays = new Set<number>();
  for (const d of dateCache.values()) if (d?.marked) markedDays.add(d.day);
  if (!headerSeen) problem(1, 'header', `empty file: expected "${REGISTER_HEADER.join(',')}"`);

  // Duplicates: a second row for the same pupil, date and session.
  for (const [upn, p] of pupils) {
    if (!hasDuplicate(p.slots)) continue;
    const first = new Map<number, number>();
    p.slots.forEach((slot, i) => {
      const earlier = first.get(slot);
      if (earlier === undefined) first.set(slot, p.lines[i]!);
      else problem(p.lines[i]!, 'session', `second row for ${upn} on ${sessionText(slot)} (first at line ${earlier})`);
    });
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    throw new InputError(problems);
  }
  return { file, pupils, markedDays, rows };
}

function hasDuplicate(slots: readonly number[]): boolean {
  const sorted = Int32Array.from(slots).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}

const sessionText = (slot: number): string => `${isoOf(dayOfSlot(slot))} ${sessionOfSlot(slot)}`;
