/**
 * PostgreSQL cannot be reached (stopped, restarting, network down): every call made meanwhile
 * rejects with {@link StoreUnavailableError}, so the caller can answer "try again" (a webhook
 * answers 503 and Telegram redelivers) instead of crashing. The pool reconnects by itself.
 */

/** The database did not answer; `reason` is short Vietnamese for staff and admins. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(
    /** What happened, in a few Vietnamese words ("kết nối bị từ chối"). */
    readonly reason: string,
    /** host:port of the database, never the URL (it may hold a password). */
    readonly where: string,
    options?: { cause?: unknown },
  ) {
    super(`Không kết nối được cơ sở dữ liệu PostgreSQL (${where}): ${reason}. Loa tự thử lại khi cơ sở dữ liệu hoạt động trở lại.`, options);
  }
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'kết nối bị từ chối (máy chủ cơ sở dữ liệu không chạy?)',
  ECONNRESET: 'kết nối bị ngắt',
  EPIPE: 'kết nối bị ngắt',
  ETIMEDOUT: 'quá thời gian chờ kết nối',
  ENOTFOUND: 'không tìm thấy máy chủ',
  EAI_AGAIN: 'không phân giải được tên máy chủ',
  EHOSTUNREACH: 'không tới được máy chủ',
  ENETUNREACH: 'mạng không tới được máy chủ',
};

const MESSAGES: Array<[RegExp, string]> = [
  [/timeout exceeded when trying to connect|connection timeout/i, 'quá thời gian chờ kết nối'],
  [/Connection terminated|connection error and is not queryable|Client was closed/i, 'kết nối bị ngắt'],
];

/** The Vietnamese reason when `error` means the database is unreachable; undefined otherwise. */
export function unavailableReason(error: unknown): string | undefined {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown } | undefined;
  if (!e || typeof e !== 'object') return undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK[code]) return NETWORK[code];
  // SQLSTATE class 08: connection exception; 57P01-03: shut down or starting; 53300: too many connections.
  if (/^08/.test(code)) return 'kết nối bị ngắt';
  if (code === '57P01' || code === '57P02') return 'máy chủ cơ sở dữ liệu đang dừng';
  if (code === '57P03') return 'máy chủ cơ sở dữ liệu đang khởi động';
  if (code === '53300') return 'máy chủ cơ sở dữ liệu hết chỗ kết nối';
  const message = typeof e.message === 'string' ? e.message : '';
  for (const [pattern, reason] of MESSAGES) if (pattern.test(message)) return reason;
  // Node's AggregateError (IPv4 and IPv6 both refused).
  if (Array.isArray(e.errors)) for (const inner of e.errors) {
    const reason = unavailableReason(inner);
    if (reason) return reason;
  }
  const cause = (error as { cause?: unknown }).cause;
  return cause && cause !== error ? unavailableReason(cause) : undefined;
}

/** `error` as a {@link StoreUnavailableError} when it means the database is unreachable; else itself. */
export function asStoreError(error: unknown, where: string): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const reason = unavailableReason(error);
  return reason ? new StoreUnavailableError(reason, where, { cause: error }) : error;
}

/** host:port of a connection string (never its password), for messages. */
export function targetOf(url: string | undefined): string {
  try {
    const u = new URL(url ?? '');
    return `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return 'PostgreSQL';
  }
}
