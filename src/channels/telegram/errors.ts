/**
 * Classifies a failed Bot API call before reacting (as grammY's `handlePollingError` does):
 * 429 waits `retry_after`; 400 with `migrate_to_chat_id` moves the chat; 403 means the bot was
 * removed; 401 is a bad token; 5xx and network errors back off; anything else is a bad request.
 */
export type Failure =
  | { kind: 'rate-limited'; retryAfterSec: number }
  | { kind: 'migrated'; to: string }
  | { kind: 'forbidden'; description: string }
  | { kind: 'unauthorized' }
  | { kind: 'transient'; description: string }
  | { kind: 'rejected'; description: string };

export function classify(error: unknown): Failure {
  const e = error as { code?: unknown; response?: { error_code?: unknown; description?: unknown; parameters?: Record<string, unknown> }; message?: unknown };
  const code = typeof e?.response?.error_code === 'number' ? e.response.error_code : typeof e?.code === 'number' ? e.code : undefined;
  const description = String(e?.response?.description ?? e?.message ?? error);
  const params = e?.response?.parameters ?? {};
  if (code === 429) {
    const retry = Number(params.retry_after);
    return { kind: 'rate-limited', retryAfterSec: Number.isFinite(retry) && retry >= 0 ? retry : 1 };
  }
  if (code === 400 && params.migrate_to_chat_id !== undefined) return { kind: 'migrated', to: String(params.migrate_to_chat_id) };
  if (code === 403) return { kind: 'forbidden', description };
  if (code === 401) return { kind: 'unauthorized' };
  if (code === undefined || code >= 500) return { kind: 'transient', description };
  return { kind: 'rejected', description };
}
