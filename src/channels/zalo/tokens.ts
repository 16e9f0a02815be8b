/**
 * The OA access/refresh token pair. A refresh token works ONCE, so the new pair is written to
 * the store (and on disk) BEFORE it is used, only one refresh runs at a time (in this process,
 * and across replicas through the token port's `refreshingTokens`: a replica that waited uses the
 * pair another one stored), and a restart continues with the newest pair; the environment
 * values only seed the very first start.
 * Every pair in use (the stored one at start, each refreshed one) is added to the log's redaction.
 * A refreshed pair the store could not write (disk full…) is the only valid one left (the old
 * refresh token is spent): it is used from memory and written as soon as the store can.
 */
import type { ZaloOaConfig } from '../../config.js';
import type { Logger } from '../../core/dispatcher.js';
import type { TokenPort } from '../../core/ports.js';
import type { ZaloTokens } from '../../core/records.js';
import type { ZaloOaClient } from './client.js';

/** Refresh this long before the access token runs out. */
const MARGIN_MS = 5 * 60_000;
/** Assumed lifetime of a seeded access token whose expiry is unknown (Zalo's is about 25 h). */
const SEED_LIFETIME_MS = 23 * 3600_000;

export class OaTokens {
  private inflight: Promise<string> | undefined;
  /** A refreshed pair not yet on disk (the store could not write it). */
  private unsaved: Omit<ZaloTokens, 'updatedAt'> | undefined;

  constructor(
    private readonly tokens: TokenPort,
    private readonly client: ZaloOaClient,
    private readonly config: ZaloOaConfig,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seeds the store from the environment on the first start. */
  async init(): Promise<void> {
    const stored = await this.tokens.zaloTokens();
    if (stored) {
      this.redact(stored.access, stored.refresh);
      return;
    }
    await this.tokens.saveZaloTokens({
      access: this.config.accessToken,
      refresh: this.config.refreshToken,
      expiresAt: new Date(this.now() + SEED_LIFETIME_MS).toISOString(),
    });
  }

  /** A usable access token, refreshed first when it is about to run out. */
  async access(): Promise<string> {
    await this.saveUnsaved();
    const t = await this.current();
    if (!t) throw new Error('Zalo tokens not initialised');
    if (Date.parse(t.expiresAt) - this.now() > MARGIN_MS) return t.access;
    return this.refresh();
  }

  /** After `-216` with `used`: refresh, unless another call already did. Returns the token to retry with. */
  async expired(used: string): Promise<string> {
    const t = await this.current();
    if (t && t.access !== used) return t.access;
    return this.refresh();
  }

  /** One refresh at a time; the new pair is on disk before anyone uses it. */
  refresh(): Promise<string> {
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async doRefresh(): Promise<string> {
    const mine = await this.current();
    return this.tokens.refreshingTokens(async (stored) => {
      // Another replica refreshed while this one waited: its pair is the newest, and ours is spent.
      if (!this.unsaved && stored && mine && stored.access !== mine.access) {
        this.redact(stored.access, stored.refresh);
        return stored.access;
      }
      const current = this.unsaved ?? stored;
      if (!current) throw new Error('Zalo tokens not initialised');
      const r = await this.client.refresh(this.config.appId, this.config.appSecret, current.refresh);
      this.redact(r.access, r.refresh);
      this.unsaved = { access: r.access, refresh: r.refresh, expiresAt: new Date(this.now() + r.expiresInSec * 1000).toISOString() };
      await this.saveUnsaved();
      this.logger.info('zalo OA access token refreshed');
      return r.access;
    });
  }

  private async current(): Promise<Omit<ZaloTokens, 'updatedAt'> | null> {
    return this.unsaved ?? (await this.tokens.zaloTokens());
  }

  /** Writes a refreshed pair the store could not write before; keeps it in memory while it still cannot. */
  private async saveUnsaved(): Promise<void> {
    const pair = this.unsaved;
    if (!pair) return;
    try {
      await this.tokens.saveZaloTokens(pair);
      if (this.unsaved === pair) this.unsaved = undefined;
    } catch (error) {
      this.logger.error('zalo OA token pair not saved yet (kept in memory; saved when the store can write)', error);
    }
  }

  private redact(...secrets: string[]): void {
    for (const s of secrets) this.logger.addSecret?.(s);
  }
}
