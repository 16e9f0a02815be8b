/**
 * Reading a plan file (.txt, .md, .docx, .pdf) and saving an imported plan into `data/plans/` beside
 * its text. Every failure is an {@link ImportError} whose message is Vietnamese, names the file
 * and says what to do — never a system code or a library's words.
 */
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Plan } from '../core/plans.js';
import { ImportError, tooComplex } from './errors.js';
import { docxHtmlText } from './docx-text.js';
import { pdfText } from './pdf-text.js';
import { MAX_UNPACKED_BYTES, checkUnpacked } from './zip.js';

export { ImportError } from './errors.js';
export { importForContent, keepIds } from './prepare.js';
export { importSummary } from './summary.js';

/** Largest plan file accepted. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const MB = 1024 * 1024;

/** The refusal of a file over {@link MAX_IMPORT_BYTES}, with what to do. */
export function tooLarge(name: string, bytes: number): ImportError {
  return new ImportError(
    `Tệp ${name} quá lớn (${Math.ceil(bytes / MB)} MB, tối đa ${MAX_IMPORT_BYTES / MB} MB): bỏ bớt hình ảnh hoặc chép riêng phần văn bản kế hoạch ra tệp .docx hay .txt rồi nhập lại.`,
  );
}

const NOT_DOCX = (name: string) =>
  `Tệp ${name} không phải tệp Word .docx hợp lệ (có thể là tệp .doc cũ hoặc tệp hỏng): mở bằng Word và lưu lại dưới dạng .docx (Tệp > Lưu thành > Word Document), rồi nhập lại.`;

/** The Vietnamese reason a file could not be read, with what to do; never the system's code or words. */
export function describeFileError(file: string, error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return `Không tìm thấy tệp ${file}: kiểm tra lại đường dẫn và tên tệp.`;
    case 'EACCES':
    case 'EPERM':
      return `Không có quyền đọc tệp ${file}: cấp quyền đọc cho tài khoản chạy Loa, hoặc chép tệp sang thư mục khác rồi nhập lại.`;
    case 'EISDIR':
      return `${file} là một thư mục, không phải tệp: ghi đường dẫn tới chính tệp kế hoạch (.docx, .pdf, .txt hoặc .md).`;
    case 'ENOTDIR':
    case 'ENAMETOOLONG':
    case 'ELOOP':
    case 'EINVAL':
      return `Đường dẫn ${file} không hợp lệ: kiểm tra lại đường dẫn và tên tệp.`;
    case 'EBUSY':
    case 'EMFILE':
    case 'ENFILE':
    case 'EAGAIN':
      return `Tệp ${file} đang bận, chưa đọc được: đóng chương trình đang mở tệp rồi thử lại.`;
    default:
      return `Không đọc được tệp ${file}: kiểm tra tệp còn mở được trên máy (có thể ổ đĩa hoặc tệp bị lỗi), rồi thử lại.`;
  }
}

/** Text of a plan file's bytes by its name: .txt, .md, .docx (through mammoth) or .pdf (through pdf.js). */
export async function textFromBuffer(name: string, buffer: Buffer): Promise<string> {
  const ext = extname(name).toLowerCase();
  if (buffer.length > MAX_IMPORT_BYTES) throw tooLarge(name, buffer.length);
  const isZip = buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (ext === '.docx') {
    if (!isZip) throw new ImportError(NOT_DOCX(name));
    // A zip bomb is refused before mammoth unpacks anything into memory.
    const unpacked = checkUnpacked(buffer);
    if (!unpacked.ok && unpacked.reason === 'broken') throw new ImportError(NOT_DOCX(name));
    if (!unpacked.ok) throw tooComplex(name, `khi giải nén, tệp thành hơn ${MAX_UNPACKED_BYTES / MB} MB`);
    // Loaded for a .docx only: it is most of an import worker's start-up time.
    const { default: mammoth } = await import('mammoth');
    try {
      // Images are left packed: their tags are dropped from the text anyway.
      const { value } = await mammoth.convertToHtml({ buffer }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) });
      return docxHtmlText(value);
    } catch {
      throw new ImportError(NOT_DOCX(name));
    }
  }
  if (ext === '.pdf') return pdfText(name, buffer);
  if (ext === '.doc') {
    throw new ImportError(`Tệp ${name} là tệp Word cũ (.doc), Loa chưa đọc được: mở bằng Word và lưu lại dưới dạng .docx (Tệp > Lưu thành > Word Document), rồi nhập lại.`);
  }
  if (ext === '.txt' || ext === '.md' || ext === '') {
    if (isZip) throw new ImportError(`Tệp ${name} là tệp nén hoặc tệp Word chứ không phải văn bản thường: nếu là tệp Word, đổi đuôi thành .docx rồi nhập lại.`);
    if (buffer.subarray(0, 5).toString('latin1') === '%PDF-') throw new ImportError(`Tệp ${name} là tệp PDF chứ không phải văn bản thường: đổi đuôi thành .pdf rồi nhập lại.`);
    // Notepad's "Unicode" is UTF-16 with a byte-order mark.
    if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
    if (buffer[0] === 0xfe && buffer[1] === 0xff) return Buffer.from(buffer.subarray(2)).swap16().toString('utf16le');
    return buffer.toString('utf8');
  }
  throw new ImportError(`Chưa đọc được định dạng "${ext}" của tệp ${name}: dùng .docx, .pdf, .txt hoặc .md.`);
}

/** Reads a plan file from disk; throws {@link ImportError} when it is missing, a folder, too large or unreadable. */
export async function readPlanFile(file: string): Promise<string> {
  let buffer: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (info.size > MAX_IMPORT_BYTES) throw tooLarge(file, info.size);
    buffer = await readFile(file);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(describeFileError(file, error));
  }
  return textFromBuffer(file, buffer);
}

/** Writes `<id>.txt` (the imported text) and `<id>.json` (the plan) into `<dataDir>/plans/`. */
export async function savePlan(dataDir: string, plan: Plan, text: string): Promise<string> {
  const dir = join(dataDir, 'plans');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${plan.id}.json`);
  await writeFile(join(dir, `${plan.id}.txt`), text);
  await writeFile(file, JSON.stringify(plan, null, 2) + '\n');
  return file;
}
