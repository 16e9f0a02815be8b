import { extname } from 'node:path';

/** The importer's one error: its message is Vietnamese, says what went wrong and what to do, and is shown as is. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/**
 * The refusal of a file Loa will not finish reading (too big unpacked, too slow, too much
 * memory): the reason, then what to do — split the file, or send its text as .txt.
 */
export function tooComplex(name: string, reason: string): ImportError {
  const advice = extname(name).toLowerCase() === '.docx' ? 'hãy tách tệp hoặc gửi bản .txt (chép phần văn bản kế hoạch ra tệp .txt)' : 'hãy tách tệp thành các phần nhỏ hơn';
  return new ImportError(`Tệp ${name} quá lớn hoặc quá phức tạp để đọc: ${reason}; ${advice}, rồi nhập lại.`);
}
