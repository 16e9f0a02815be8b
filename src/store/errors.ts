/**
 * The store's errors, in Vietnamese for the people who must act on them: a stop at start names
 * the path and the cause (never a stack); a write that failed while running says why, briefly
 * for staff and with the path for the admins.
 */

/** The store cannot start: the message (for the operator) names the path, the cause and what to do. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly lastBackup: string | undefined,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/**
 * A change could not be written, so it was rolled back: nothing of it stays in memory. `reason`
 * is short, for staff ("đĩa đầy"); `message` names the file and the code, for the admins.
 * `changed`: the file was changed by someone else while Loa ran, and Loa refuses to overwrite it.
 */
export class StoreWriteError extends Error {
  override name = 'StoreWriteError';
  constructor(
    readonly file: string,
    readonly reason: string,
    /** The system error code (ENOSPC, EACCES…), or CHANGED. */
    readonly code: string,
    readonly changed: boolean,
    detail: string,
  ) {
    super(`Loa không ghi được tệp dữ liệu ${file}: ${detail}`);
  }
}

const CAUSES: Record<string, string> = {
  ENOSPC: 'đĩa đầy',
  EDQUOT: 'hết hạn mức dung lượng đĩa',
  EROFS: 'ổ đĩa chỉ đọc',
  ENOENT: 'không tồn tại',
  ENOTDIR: 'một phần của đường dẫn không phải thư mục',
  EISDIR: 'là một thư mục',
  EIO: 'lỗi đọc/ghi của ổ đĩa',
  EMFILE: 'quá nhiều tệp đang mở',
  ENFILE: 'quá nhiều tệp đang mở',
  ENAMETOOLONG: 'đường dẫn quá dài',
  ELOOP: 'đường dẫn có liên kết vòng',
};

/** The error code of a file-system error, if it has one. */
export function codeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The cause of a file-system error in a few Vietnamese words, without the code ("đĩa đầy"). */
export function causeOf(error: unknown, action: 'read' | 'write' = 'write'): string {
  const code = codeOf(error);
  if (code === 'EACCES' || code === 'EPERM') return action === 'read' ? 'không có quyền đọc' : 'không có quyền ghi';
  return (code && CAUSES[code]) ?? `lỗi hệ thống (${(error as Error)?.message ?? String(error)})`;
}

/** The cause with its code, for operators and admins: "đĩa đầy (ENOSPC)". */
export function describeFsError(error: unknown, action: 'read' | 'write' = 'write'): string {
  const code = codeOf(error);
  const cause = causeOf(error, action);
  return code && !cause.includes(code) ? `${cause} (${code})` : cause;
}

/** What an operator can do about a cause at start. */
export function remedyOf(error: unknown): string {
  switch (codeOf(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'Giải phóng dung lượng đĩa rồi chạy lại.';
    case 'EACCES':
    case 'EPERM':
      return 'Cấp quyền ghi thư mục này cho người dùng chạy Loa, hoặc đặt DB_FILE ở thư mục khác.';
    case 'EROFS':
      return 'Gắn lại ổ đĩa ở chế độ ghi được, hoặc đặt DB_FILE ở ổ khác.';
    default:
      return 'Khắc phục rồi chạy lại.';
  }
}
