/**
 * The merged table as .docx (the `docx` package): a landscape A4 page in Times New Roman 13, the
 * header block, and a real Word table in 12 whose header row repeats on every page; a cell's
 * lines are its own paragraphs. See consolidate.ts for the layout both formats share.
 */
import { AlignmentType, BorderStyle, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType } from 'docx';
import { mergedTexts, type MergedInput } from './merged-texts.js';

/** A4 in twentieths of a point, given portrait (docx swaps them for landscape). */
const A4 = { width: 11906, height: 16838 };
/** 2 cm margins. */
const MARGIN = 1134;
/** The table's width: the landscape page less its margins. */
const TABLE_WIDTH = A4.height - 2 * MARGIN;
const STT_WIDTH = 700;
const UNIT_WIDTH = 2600;
/** Half-points: 13 pt for the text, 12 pt in the table. */
const TEXT_SIZE = 26;
const TABLE_SIZE = 24;
const FONT = 'Times New Roman';

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER };

function line(text: string, options: { bold?: boolean; italics?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: options.align ?? AlignmentType.CENTER,
    spacing: { after: options.after ?? 60 },
    children: [new TextRun({ text, bold: options.bold, italics: options.italics, size: options.size ?? TEXT_SIZE, font: FONT })],
  });
}

/** A cell: one paragraph per line of its text (an empty cell still holds one paragraph, as Word requires). */
function cell(text: string, width: number, header: boolean, center: boolean): TableCell {
  const lines = text.split('\n');
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
    margins: { left: 80, right: 80, top: 40, bottom: 40 },
    children: lines.map(
      (l) => new Paragraph({ alignment: center ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun({ text: l, bold: header, size: TABLE_SIZE, font: FONT })] }),
    ),
  });
}

/** Column widths: STT and Đơn vị fixed, the form's columns sharing the rest by their headers' length (each at least 1,200). */
function columnWidths(columns: readonly string[]): number[] {
  const rest = TABLE_WIDTH - STT_WIDTH - UNIT_WIDTH;
  const weights = columns.map((c) => Math.min(60, Math.max(12, c.length)));
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.max(1200, Math.floor((rest * w) / total)));
  return [STT_WIDTH, UNIT_WIDTH, ...widths];
}

/** The merged table as .docx (see the file's comment). */
export async function mergedDocx(input: MergedInput): Promise<Buffer> {
  const t = mergedTexts(input);
  const widths = columnWidths(t.header.slice(2));
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: t.header.map((h, c) => cell(h, widths[c]!, true, true)) });
  const body = t.body.map((values) => new TableRow({ children: values.map((v, c) => cell(v, widths[c]!, false, c === 0)) }));
  const table = new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: BORDERS,
    rows: [header, ...body],
  });
  const doc = new Document({
    creator: 'Loa',
    title: t.title,
    styles: { default: { document: { run: { font: FONT, size: TEXT_SIZE } } } },
    sections: [
      {
        properties: { page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        children: [
          line(t.org, { bold: true, align: AlignmentType.LEFT, after: 120 }),
          line(t.appendix, { bold: true }),
          line(t.title, { bold: true, size: 28 }),
          line(t.attached, { italics: true }),
          line(t.deadline, { after: 200 }),
          table,
          line(t.missing, { bold: input.missing.length > 0, align: AlignmentType.LEFT, after: 60 }),
          line(t.generated, { italics: true, size: 22, align: AlignmentType.LEFT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
