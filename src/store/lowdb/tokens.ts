/** Channel tokens: the Zalo OA pair in use (a refresh token works once, so the newest pair is kept). */
import type { TokenPort } from '../../core/ports.js';
import type { ZaloTokens } from '../../core/records.js';
import type { LowdbFile } from './file.js';

export class LowdbTokens {
  constructor(private readonly file: LowdbFile) {}

  zaloTokens(): ZaloTokens | null {
    return this.file.data.zaloTokens;
  }

  /** Saves a token pair and waits until it is on disk (a refresh token works only once). */
  async saveZaloTokens(tokens: Omit<ZaloTokens, 'updatedAt'>): Promise<void> {
    this.file.setRoot('zaloTokens', { ...tokens, updatedAt: this.file.nowIso() });
    await this.file.persist();
  }
}

/** Tokens: one process, so a refresh runs alone when the calls are chained. */
export function tokenPort(t: LowdbTokens): TokenPort {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    zaloTokens: async () => t.zaloTokens(),
    saveZaloTokens: (tokens) => t.saveZaloTokens(tokens),
    refreshingTokens(refresh) {
      const run = chain.then(() => refresh(t.zaloTokens()));
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
