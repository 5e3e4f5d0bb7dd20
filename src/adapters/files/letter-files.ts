/**
 * A drafted letter as files a school sends: an editable Word document (the `docx` package) and a
 * PDF to print, laid out as a school letter (A4, the title in bold, the letter's paragraphs, a
 * `**bold**` lead-in kept bold). The PDF is written here, by hand: text only, Helvetica, A4,
 * wrapped to the page, as many pages as it takes.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { LetterFiles } from '../../app/ports.ts';
import type { LetterDraft } from '../../domain/letters.ts';
import { zip } from '../../shared/zip.ts';

/** A paragraph's runs: `**bold**` stretches and the plain text between them. */
function runsOf(text: string): { text: string; bold: boolean }[] {
  return text.split(/(\*\*[^*]+\*\*)/).filter((p) => p !== '').map((p) => (p.startsWith('**') && p.endsWith('**') ? { text: p.slice(2, -2), bold: true } : { text: p, bold: false }));
}

export async function letterDocx(letter: LetterDraft): Promise<Buffer> {
  const doc = new Document({
    creator: 'Attendance bot', title: letter.title,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
      children: [
        ...letter.paragraphs.slice(0, 2).map((p) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 120 }, children: [new TextRun(p)] })),
        new Paragraph({ spacing: { before: 240, after: 240 }, children: [new TextRun({ text: letter.title, bold: true, size: 26 })] }),
        ...letter.paragraphs.slice(2).map((p) => new Paragraph({ spacing: { after: 200 }, children: runsOf(p).map((r) => new TextRun({ text: r.text, bold: r.bold })) })),
      ],
    }],
  });
  return Packer.toBuffer(doc);
}

const PAGE = { width: 595, height: 842, margin: 64, size: 11, leading: 15 } as const;
/** Helvetica's glyph widths (its AFM, thousandths of the size) for the printable ASCII characters, space first. */
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** A text's width on the page: Helvetica's own widths (anything outside ASCII as a digit's); bold a little wider. */
const widthOf = (t: string, size: number, bold = false) =>
  [...t].reduce((w, ch) => w + (HELVETICA[ch.charCodeAt(0) - 32] ?? 556), 0) * size / 1000 * (bold ? 1.07 : 1);

/** Latin-1 for the PDF's WinAnsi text (£ and accented names kept; anything else a "?"), with ( ) \\ escaped. */
const pdfText = (t: string) => [...t].map((ch) => {
  const c = ch === '\u2019' ? 39 : ch === '\u2018' ? 39 : ch === '\u201c' || ch === '\u201d' ? 34 : ch === '\u2013' || ch === '\u2014' ? 45 : ch.codePointAt(0)!;
  const b = c < 256 ? String.fromCharCode(c) : '?';
  return b === '(' || b === ')' || b === '\\' ? `\\${b}` : b;
}).join('');

/** One or more letters as one PDF: each letter starts on a page of its own (a list's letters, to print at once). */
export function letterPdf(letters: LetterDraft | readonly LetterDraft[]): Buffer {
  const all: readonly LetterDraft[] = Array.isArray(letters) ? letters : [letters as LetterDraft];
  const maxWidth = PAGE.width - 2 * PAGE.margin;
  type Line = { runs: { text: string; bold: boolean }[]; right?: boolean; gapAfter: number; newPage?: boolean };
  const lines: Line[] = [];
  const wrap = (runs: { text: string; bold: boolean }[], gapAfter: number, size: number = PAGE.size, right = false) => {
    let line: { text: string; bold: boolean }[] = [];
    let width = 0;
    const words = runs.flatMap((r) => r.text.split(/(\s+)/).filter((w) => w !== '').map((w) => ({ text: w, bold: r.bold })));
    for (const w of words) {
      const ww = widthOf(w.text, size, w.bold);
      if (width + ww > maxWidth && line.length > 0 && w.text.trim() !== '') {
        lines.push({ runs: line, gapAfter: 0, right });
        line = [];
        width = 0;
      }
      if (line.length === 0 && w.text.trim() === '') continue;
      line.push(w);
      width += ww;
    }
    lines.push({ runs: line, gapAfter, right });
  };
  for (const letter of all) {
    const first = lines.length;
    letter.paragraphs.slice(0, 2).forEach((p) => wrap([{ text: p, bold: false }], 4, PAGE.size, true));
    wrap([{ text: letter.title, bold: true }], 10);
    for (const p of letter.paragraphs.slice(2)) wrap(runsOf(p), 8);
    if (first > 0) lines[first]!.newPage = true;
  }

  const pages: string[] = [];
  let ops: string[] = [];
  let y = PAGE.height - PAGE.margin;
  for (const l of lines) {
    if (y < PAGE.margin + PAGE.leading || l.newPage) { pages.push(ops.join('\n')); ops = []; y = PAGE.height - PAGE.margin; }
    // one run for each stretch of the same weight
    const runs = l.runs.reduce<{ text: string; bold: boolean }[]>((acc, r) => {
      const last = acc[acc.length - 1];
      if (last && last.bold === r.bold) last.text += r.text; else acc.push({ ...r });
      return acc;
    }, []);
    const text = runs.map((r) => r.text).join('');
    const x = l.right ? PAGE.width - PAGE.margin - widthOf(text.trimEnd(), PAGE.size) : PAGE.margin;
    ops.push(`BT ${x.toFixed(1)} ${y.toFixed(1)} Td ${runs.map((r) => `/${r.bold ? 'F2' : 'F1'} ${PAGE.size} Tf (${pdfText(r.text.trimEnd())}) Tj`).join(' ')} ET`);
    y -= PAGE.leading + l.gapAfter;
  }
  pages.push(ops.join('\n'));

  // objects: 1 catalog, 2 pages, 3 and 4 the fonts, then a page and its content for each page
  const objects: string[] = [];
  const kids = pages.map((_, i) => `${5 + i * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  pages.forEach((content, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${6 + i * 2} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(Buffer.byteLength(out, 'latin1')); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info << /Title (${pdfText(all.length === 1 ? all[0]!.title : `${all.length} letters`)}) /Producer (Attendance bot) >> >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** The port's files: a draft as .docx, drafts as one PDF, files as one zip. */
export const letterFiles: LetterFiles = { docx: letterDocx, pdf: letterPdf, zip };
