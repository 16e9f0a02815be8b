/**
 * The built process in Telegram webhook mode with the web console on the same port, for the
 * browser tests: the fake Bot API, a way to post updates to the webhook, and the sign-in link an
 * admin's `/web` gets.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { httpPortOf, startCli, type Running } from './run.js';

export const ADMIN = { id: 1001, first_name: 'Chánh', last_name: 'Văn phòng' };
const SECRET = 'S3cret_token-1';
const LINK_RE = /http:\/\/127\.0\.0\.1:\d+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/;

export interface WebBot {
  api: FakeBotApi;
  bot: Running;
  /** The console's address (the HTTP server's). */
  base: string;
  /** Posts an update to the webhook; throws unless it is answered 200. */
  post(update: Record<string, unknown>): Promise<void>;
  /** A private message from the admin; resolves with the first answer after it that matches. */
  ask(text: string, answer: RegExp): Promise<string>;
  /** A fresh sign-in link, asked for with /web. */
  signInLink(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the bot at `now`; `env` adds or overrides variables (e.g. `DATA_DIR`, a copy for a test that edits units or plans). */
export async function startWebBot(now: string, env: Record<string, string> = {}): Promise<WebBot> {
  const api = await new FakeBotApi().start();
  // A copy of the sample data: what the console edits (a moved due date, a published plan) never touches the repository's.
  const dataDir = join(tempDir(), 'data');
  cpSync(DATA_DIR, dataDir, { recursive: true });
  const bot = startCli(['start'], {
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    DB_FILE: join(tempDir(), 'db.json'),
    BOT_NOW: now,
    ADMIN_IDS: `telegram:${ADMIN.id}`,
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    TELEGRAM_WEBHOOK_URL: 'https://loa.example.invalid/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    ...env,
  });
  const base = `http://127.0.0.1:${await httpPortOf(bot)}`;
  let updateId = 0;
  const post = async (update: Record<string, unknown>) => {
    const res = await fetch(`${base}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify({ update_id: ++updateId, ...update }),
    });
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  };
  const ask = async (text: string, answer: RegExp) => {
    const seen = api.sent(ADMIN.id).length;
    await post({ message: { message_id: updateId + 1, date: 0, chat: { id: ADMIN.id, type: 'private' }, from: ADMIN, text } });
    return api.waitFor(() => api.sent(ADMIN.id).slice(seen).map((c) => String(c.params.text)).find((t) => answer.test(t)));
  };
  return {
    api,
    bot,
    base,
    post,
    ask,
    signInLink: async () => LINK_RE.exec(await ask('/web', LINK_RE))![0],
    async stop() {
      await bot.stop('SIGKILL');
      await api.stop();
    },
  };
}
