/**
 * A small typed client for the Zalo APIs Loa uses, over Node's fetch, every base URL
 * configurable. (The npm `zalo-sdk` targets OA API v1 and OAuth v3, both retired.)
 *  - Official Account API v3: `{error, message, data}`; HTTP 200 with `error != 0` is a failure.
 *  - OAuth v4 token refresh (form body, header `secret_key`).
 *  - Bot Platform: `POST {base}/bot<TOKEN>/<method>` → `{ok, result}` or `{ok:false, error_code, description}`.
 */
export class ZaloError extends Error {
  override name = 'ZaloError';
  constructor(
    /** Zalo's error code (e.g. -216 token expired, -230 outside the 7-day window), or the HTTP status. */
    readonly code: number,
    message: string,
    /** True for HTTP 5xx and network failures: worth retrying after a pause. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

export type Fetch = typeof fetch;

/** A Zalo channel cannot start (bad token, unreachable API): the message is for the operator. */
export class ZaloStartError extends Error {
  override name = 'ZaloStartError';
}

async function readJson(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v === 'object' && v !== null) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ZaloError(res.status, `HTTP ${res.status}: không phải JSON`, res.status >= 500);
}

async function post(fetchFn: Fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, { ...init, method: 'POST', signal: init.signal ?? AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new ZaloError(0, `network: ${(error as Error).message}`, true);
  }
}

export interface OaMessage {
  text?: string;
  attachment?: unknown;
}

export class ZaloOaClient {
  constructor(
    private readonly apiBase: string,
    private readonly oauthBase: string,
    private readonly fetchFn: Fetch = fetch,
  ) {}

  /** Calls an OA API v3 endpoint; returns `data`. */
  async call(path: string, accessToken: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await post(this.fetchFn, `${this.apiBase}${path}`, {
      headers: { 'content-type': 'application/json', access_token: accessToken },
      body: JSON.stringify(body),
    });
    if (res.status >= 500) throw new ZaloError(res.status, `HTTP ${res.status}`, true);
    const json = await readJson(res);
    const code = Number(json.error ?? (res.ok ? 0 : res.status));
    if (code !== 0) throw new ZaloError(code, String(json.message ?? 'error'), false);
    return (json.data ?? {}) as Record<string, unknown>;
  }

  /** The OA's own profile (`GET /v2.0/oa/getoa`): a cheap check that the access token works. `signal` aborts it. */
  async profile(accessToken: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    let res: Response;
    const timeout = AbortSignal.timeout(30_000);
    try {
      res = await this.fetchFn(`${this.apiBase}/v2.0/oa/getoa`, { headers: { access_token: accessToken }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      throw new ZaloError(0, `network: ${(error as Error).message}`, true);
    }
    if (res.status >= 500) throw new ZaloError(res.status, `HTTP ${res.status}`, true);
    const json = await readJson(res);
    const code = Number(json.error ?? 0);
    if (code !== 0) throw new ZaloError(code, String(json.message ?? 'error'), false);
    return (json.data ?? {}) as Record<string, unknown>;
  }

  /** Text (or a template) to a user who wrote to the OA; returns the message id. */
  async sendToUser(accessToken: string, userId: string, message: OaMessage): Promise<string> {
    const data = await this.call('/v3.0/oa/message/cs', accessToken, { recipient: { user_id: userId }, message });
    return String(data.message_id ?? '');
  }

  /** Text to an OA group (GMF); returns the message id. */
  async sendToGroup(accessToken: string, groupId: string, message: OaMessage): Promise<string> {
    const data = await this.call('/v3.0/oa/group/message', accessToken, { recipient: { group_id: groupId }, message });
    return String(data.message_id ?? '');
  }

  /** OAuth v4: a new access/refresh pair for a refresh token (which then stops working). */
  async refresh(appId: string, appSecret: string, refreshToken: string): Promise<{ access: string; refresh: string; expiresInSec: number }> {
    const res = await post(this.fetchFn, `${this.oauthBase}/v4/oa/access_token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: appSecret },
      body: new URLSearchParams({ refresh_token: refreshToken, app_id: appId, grant_type: 'refresh_token' }).toString(),
    });
    if (res.status >= 500) throw new ZaloError(res.status, `OAuth HTTP ${res.status}`, true);
    const json = await readJson(res);
    if (typeof json.access_token !== 'string' || typeof json.refresh_token !== 'string') {
      throw new ZaloError(Number(json.error ?? res.status), `OAuth: ${String(json.error_description ?? json.message ?? json.error_name ?? 'refresh refused')}`, false);
    }
    return { access: json.access_token, refresh: json.refresh_token, expiresInSec: Number(json.expires_in ?? 90_000) };
  }
}

export class ZaloBotClient {
  constructor(
    private readonly apiBase: string,
    private readonly token: string,
    private readonly fetchFn: Fetch = fetch,
  ) {}

  /** Calls a Bot Platform method; returns `result`. */
  async call(method: string, body: unknown = {}, signal?: AbortSignal): Promise<unknown> {
    const res = await post(this.fetchFn, `${this.apiBase}/bot${this.token}/${method}`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    if (res.status >= 500) throw new ZaloError(res.status, `HTTP ${res.status}`, true);
    const json = await readJson(res);
    if (json.ok !== true) {
      const code = Number(json.error_code ?? res.status);
      throw new ZaloError(code, String(json.description ?? 'error'), code >= 500);
    }
    return json.result;
  }
}
