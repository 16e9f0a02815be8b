/**
 * What a user is told when the store could not write their change (disk full, read-only, the
 * file replaced under Loa): the change was not kept, so they should try again later.
 */

/** The answer for a failed write, or undefined when `error` is not one (the store names it `StoreWriteError`). */
export function writeFailureText(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== 'StoreWriteError') return undefined;
  return '⚠️ Loa chưa ghi được thay đổi này nên chưa có gì được lưu. Vui lòng thử lại sau ít phút; Văn phòng Sở đã được báo.';
}
