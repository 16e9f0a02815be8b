/**
 * PDFs made in the tests with pdfkit, in the shape offices receive them (a plan exported from
 * Word): the header block as two columns, the title, paragraphs wrapped to the page width, a
 * task table with its borders and cells that wrap, the signature beside "Nơi nhận". The font is
 * DejaVu Sans (Vietnamese glyphs; its license is beside it in test/fixtures/fonts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

/** The font beside the tests, from the sources (vitest) or from their build (`dist/test`, the bench). */
export const FONT = [join(import.meta.dirname, 'fixtures'), join(import.meta.dirname, '..', '..', 'test', 'fixtures')]
  .map((dir) => join(dir, 'fonts', 'DejaVuSans.ttf'))
  .find((file) => existsSync(file))!;

/** A block of the document: a paragraph, two columns side by side, a centred line, a table, a new page. */
export type Block =
  | { p: string; indent?: number }
  | { center: string }
  | { left: string[]; right: string[] }
  | { table: string[][]; widths: number[] }
  | { page: true };

const LEFT = 60;
const WIDTH = 480;
const SIZE = 11;

/** The bytes of a PDF of `blocks` (A4, 11 pt), with `options` passed to pdfkit (a password, say). */
export function makePdf(blocks: readonly Block[], options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font(FONT).fontSize(SIZE);
  let y = 60;
  const room = (h: number) => {
    if (y + h > 780) {
      doc.addPage();
      y = 60;
    }
  };
  for (const block of blocks) {
    if ('page' in block) {
      doc.addPage();
      y = 60;
    } else if ('p' in block) {
      const indent = block.indent ?? 0;
      const h = doc.heightOfString(block.p, { width: WIDTH - indent, align: 'justify' });
      room(h);
      doc.text(block.p, LEFT + indent, y, { width: WIDTH - indent, align: 'justify' });
      y += h + 4;
    } else if ('center' in block) {
      doc.text(block.center, LEFT, y, { width: WIDTH, align: 'center' });
      y += doc.heightOfString(block.center, { width: WIDTH }) + 4;
    } else if ('left' in block) {
      const rows = Math.max(block.left.length, block.right.length);
      for (let i = 0; i < rows; i++) {
        if (block.left[i]) doc.text(block.left[i]!, LEFT - 20, y, { width: 210, align: 'center', lineBreak: false });
        if (block.right[i]) doc.text(block.right[i]!, LEFT + 220, y, { width: 280, align: 'center', lineBreak: false });
        y += SIZE + 4;
      }
      y += 6;
    } else {
      const xs = block.widths.reduce<number[]>((acc, w, i) => [...acc, (acc[i] ?? LEFT) + w], [LEFT]);
      for (const row of block.table) {
        const h = Math.max(...row.map((c, i) => doc.heightOfString(c, { width: block.widths[i]! - 10 }))) + 10;
        room(h);
        row.forEach((cell, i) => doc.text(cell, xs[i]! + 5, y + 5, { width: block.widths[i]! - 10 }));
        for (const x of xs) doc.moveTo(x, y).lineTo(x, y + h).stroke();
        doc.moveTo(LEFT, y).lineTo(xs[xs.length - 1]!, y).stroke();
        y += h;
        doc.moveTo(LEFT, y).lineTo(xs[xs.length - 1]!, y).stroke();
      }
      y += 8;
    }
  }
  doc.end();
  return done;
}
