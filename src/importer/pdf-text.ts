/**
 * The text of a .pdf with a text layer (a PDF exported from Word, or the signed PDF offices
 * receive), read with pdf.js: each page's lines rebuilt from the text positions (see
 * {@link pageLines}), pages one after another. A PDF with no text (a scan) is refused saying so;
 * a damaged or password-protected PDF, or one of more pages or text than a plan has, is refused
 * with what to do. The import's worker thread bounds its time and memory besides.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ImportError, tooComplex } from './errors.js';
import { pageLines, type PositionedText } from './pdf-layout.js';

/** Most pages read: a plan with its appendices is a few dozen. */
export const MAX_PDF_PAGES = 300;
/** Most characters of text read from one PDF (a plan of a few hundred pages is well under). */
export const MAX_PDF_CHARS = 4_000_000;
/** Fewer letters than this per page on average: the pages are images (a scan), not text. */
const MIN_LETTERS_PER_PAGE = 20;

const notPdf = (name: string) =>
  new ImportError(`Tệp ${name} không phải tệp PDF hợp lệ (có thể tệp bị hỏng hoặc tải về chưa hết): mở thử bằng trình đọc PDF, lưu lại hoặc xuất lại PDF từ Word, rồi nhập lại.`);

/** The refusal of a PDF whose pages are images. */
export const scanned = (name: string) =>
  new ImportError(
    `Tệp ${name}: tệp PDF là ảnh quét, không có lớp chữ, nên Loa không đọc được nội dung. Hãy gửi bản Word (.docx) hoặc bản PDF xuất từ Word của văn bản, hoặc gõ lại văn bản ra tệp .txt, rồi nhập lại.`,
  );

/** pdf.js's data folders (character maps, standard fonts), as file paths. */
function assets(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return { cMapUrl: join(root, 'cmaps') + '/', standardFontDataUrl: join(root, 'standard_fonts') + '/' };
}

/** Reads the text of a PDF file's bytes (see the file's comment); throws {@link ImportError}. */
export async function pdfText(name: string, bytes: Uint8Array): Promise<string> {
  if (!Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')) throw notPdf(name);
  // Loaded for a .pdf only, as mammoth for a .docx.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    ...assets(),
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let pdf;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    if ((error as Error | undefined)?.name === 'PasswordException') {
      throw new ImportError(`Tệp ${name} là PDF có mật khẩu, Loa không mở được: mở tệp bằng trình đọc PDF, lưu một bản không đặt mật khẩu (hoặc xin bản Word), rồi nhập lại.`);
    }
    throw notPdf(name);
  }
  try {
    if (pdf.numPages > MAX_PDF_PAGES) throw tooComplex(name, `tệp có ${pdf.numPages} trang, Loa đọc tối đa ${MAX_PDF_PAGES} trang`);
    const pages: string[] = [];
    let chars = 0;
    let letters = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const runs: PositionedText[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const [a, b, c, d, x, y] = item.transform as number[];
        // Text set at an angle (a stamp, a watermark) is not part of the lines.
        if (Math.abs(b ?? 0) > 1e-3 || Math.abs(c ?? 0) > 1e-3 || !((a ?? 0) > 0)) continue;
        runs.push({ str: item.str, x: x!, y: y!, width: item.width, size: Math.max(Math.abs(d ?? 0), item.height) });
      }
      page.cleanup();
      const text = pageLines(runs).join('\n');
      chars += text.length;
      letters += (text.match(/\p{L}/gu) ?? []).length;
      if (chars > MAX_PDF_CHARS) throw tooComplex(name, `văn bản trong tệp dài hơn ${MAX_PDF_CHARS.toLocaleString('vi-VN')} ký tự`);
      pages.push(text);
    }
    if (letters < MIN_LETTERS_PER_PAGE * pdf.numPages) throw scanned(name);
    return pages.join('\n').normalize('NFC');
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw notPdf(name);
  } finally {
    await pdf.destroy();
  }
}
