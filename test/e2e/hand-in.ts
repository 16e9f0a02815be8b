/**
 * Shared by the end-to-end hand-in tests (Telegram, Zalo OA): the files a unit sends (a real PDF
 * and .docx, a photo, and hostile ones: a program renamed .pdf, a zip that is no .docx, a zip
 * bomb), what the files folder holds (by SHA-256, as the store names them) and what the lowdb
 * file says about hand-ins, read while the bot runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflatedZeros, docxWith, exe, handDocx, jpeg, makeZip, MB } from '../files-fixture.js';
import { wholeStateSync } from '../helpers.js';
import { makePdf } from '../pdf-fixture.js';

export { MB };

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A small real PDF report (its text makes each one's bytes, and digest, its own). */
export const reportPdf = (text: string): Promise<Buffer> => makePdf([{ p: text }]);

/** A real .docx with no table (a report, not a filled form). */
export const reportDocx = (text: string): Promise<Buffer> => docxWith(text);

/** A photo of a signed page (a JPEG header saying 1200 × 1600). */
export const signedPagePhoto = (): Buffer => jpeg(1200, 1600);

/** A Windows program, to be renamed .pdf. */
export const program = (): Buffer => exe();

/** A plain zip with no `word/document.xml`, to be named .docx. */
export const zipNotDocx = (): Buffer => makeZip([{ name: 'ghi-chu.txt', data: Buffer.from('không phải tài liệu Word') }]);

/** A .docx whose document unpacks to 500 MB of zeros (half a MB packed). */
export const zipBombDocx = (): Buffer => handDocx({ name: 'word/document.xml', data: Buffer.alloc(0), packed: deflatedZeros(500), size: 500 * MB });

/**
 * Every file under the files folder (`<dir>/<2 hex>/<sha256>`), by its path relative to the
 * folder, with its bytes: temporary and stray files included, so "nothing stored" sees them.
 */
export function filesIn(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  if (!existsSync(dir)) return found;
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else found.set(rel, readFileSync(join(dir, rel)));
    }
  };
  walk('');
  return found;
}

/** Where the files folder keeps these bytes. */
export const storedPath = (bytes: Buffer): string => `${sha256(bytes).slice(0, 2)}/${sha256(bytes)}`;

/** The hand-in part of a lowdb file while the bot runs: submissions, confirmations, the audit's hand-ins. */
export function handInState(db: string): { submissions: ReturnType<typeof wholeStateSync>['submissions']; confirmations: ReturnType<typeof wholeStateSync>['confirmations'] } {
  const state = wholeStateSync(db);
  return { submissions: state.submissions, confirmations: state.confirmations };
}
