/**
 * The bytes of the hand-ins' files in `store copy`: every file a copied hand-in names goes from
 * the source's file store (a files folder or PostgreSQL's `files` table) to the target's, one at
 * a time (never all in memory), checked against its SHA-256. A file the source lacks (or whose
 * bytes do not hash to their name) is reported, not fatal: the hand-in is still a record.
 */
import type { FileStorePort } from '../core/ports.js';
import type { StoreSnapshot } from './postgres/dump.js';
import { isSha256, sha256Of } from './digest.js';

/** The files' bytes a copy carried: how many, and the digests whose bytes the source did not have (or had damaged). */
export interface CopiedFiles {
  copied: number;
  missing: string[];
}

/** The digests of the files the snapshot's hand-ins name, each once, in the order first named. */
export function namedFiles(snapshot: StoreSnapshot): string[] {
  return [...new Set(snapshot.data.submissions.flatMap((s) => (s.file ? [s.file.sha256] : [])))];
}

/**
 * Copies the bytes of every file the hand-ins name from `source` through `put`, one at a time
 * (never all in memory); bytes that are absent or do not hash to their name are reported missing.
 */
export async function copyFiles(
  snapshot: StoreSnapshot,
  source: FileStorePort,
  put: (sha256: string, bytes: Buffer) => Promise<void>,
): Promise<CopiedFiles> {
  const result: CopiedFiles = { copied: 0, missing: [] };
  for (const digest of namedFiles(snapshot)) {
    const bytes = isSha256(digest) ? await source.getFile(digest) : undefined;
    if (!bytes || sha256Of(bytes) !== digest) {
      result.missing.push(digest);
      continue;
    }
    await put(digest, bytes);
    result.copied += 1;
  }
  return result;
}

/** The report's lines about the files: how many went where, which were missing; and what stays behind. */
export function describeFiles(files: CopiedFiles, filesDir: string | undefined): string[] {
  const lines: string[] = [];
  if (files.copied || files.missing.length) {
    lines.push(`Tệp đơn vị đã nộp: chép ${files.copied} tệp vào ${filesDir ? `thư mục ${filesDir}` : 'bảng files của cơ sở dữ liệu'}.`);
    if (files.missing.length) {
      lines.push(
        `  ${files.missing.length} tệp không có (hoặc hỏng) ở nguồn; bản ghi nộp vẫn được chép nhưng không tải được tệp: ` +
          files.missing.map((d) => d.slice(0, 12)).join(', '),
      );
    }
  }
  lines.push('Phiên điền phiếu đăng ký đang dở và liên kết tải một lần không được chép (chỉ dùng trong thời gian ngắn).');
  return lines;
}
