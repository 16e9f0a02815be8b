/**
 * A change the store could not write (disk full, read-only folder, the file changed under it) is
 * rolled back, so the person is told it was NOT saved and to try again, with a short reason,
 * instead of the generic error. Recognised by the error's name: the core does not import the store.
 */

/** The short Vietnamese reason of a store write failure, or undefined for any other error. */
export function writeFailureReason(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== 'StoreWriteError') return undefined;
  const reason = (error as Error & { reason?: unknown }).reason;
  return typeof reason === 'string' && reason ? reason : 'lỗi khi ghi dữ liệu';
}

/** The answer to a message whose change could not be written. */
export function writeFailureText(reason: string): string {
  return `⚠️ Chưa ghi được thay đổi này (${reason}), vui lòng thử lại sau ít phút.`;
}
