/**
 * What the hand-in flow needs from file handling (src/files/ implements it): checks of what a
 * file says it is and what its bytes are, reading a filled form back, and writing the merged
 * table. The core names no file library.
 */

/** A file whose bytes were checked: what it is, under a clean name. */
export interface CheckedFile {
  /** Cleaned for display and download (no path, no control characters). */
  name: string;
  size: number;
  /** MIME type read from the bytes. */
  type: string;
  /** The extension the bytes agree with (`pdf`, `docx`, `jpg`, …). */
  ext: string;
}

/** The merged registrations of one deadline occurrence, as the office sends them upward; all text as shown. */
export interface MergedTable {
  /** The organisation as its documents name it ("Sở Khoa học và Công nghệ tỉnh Bắc Giang"). */
  orgName: string;
  planTitle: string;
  /** "45/KH-KHCN"; absent or null when the plan has none. */
  planNumber?: string | null | undefined;
  /** "Phụ lục II". */
  appendix: string;
  /** The form's heading: "Đăng ký hoạt động triển khai hưởng ứng “Tháng Dân vận” năm 2023". */
  formTitle: string;
  columns: string[];
  /** `due` as dd/mm/yyyy. */
  deadline: { id: string; task: string; due: string };
  /** Unit rows in the order they are to be shown; `values` aligned to `columns`. */
  rows: Array<{ unitCode: string; unitName: string; values: string[] }>;
  /** Units that have not handed in. */
  missing: Array<{ code: string; name: string }>;
  /** When it was made, dd/mm/yyyy HH:mm in the organisation's zone. */
  generatedAt: string;
}

export interface HandInFiles {
  /** Before any download: a refusal (Vietnamese) for a name or declared size Loa does not take. */
  precheck(name: string, declaredSize: number, limit: number): string | undefined;
  /** The bytes checked against their name (type, zip bombs, image size): the file, or a refusal (Vietnamese). */
  inspect(name: string, bytes: Buffer, photo: boolean): Promise<{ file: CheckedFile } | { refusal: string }>;
  /** The rows of a filled form in a .docx or .xlsx, aligned to `columns`, or why not (Vietnamese). */
  readFormRows(bytes: Buffer, ext: string, columns: readonly string[]): Promise<{ rows: string[][] } | { error: string }>;
  mergedXlsx(table: MergedTable): Promise<Buffer>;
  mergedDocx(table: MergedTable): Promise<Buffer>;
}
