/**
 * The console chat driven line by line, as a person types (stdin kept open): each line is sent
 * when the previous answer has come, so a test can stop the process at a chosen point (SIGKILL,
 * as a crash or a closed terminal would) or use the web server the console runs meanwhile.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { WAIT_MS, waitUntil } from './wait.js';

export interface ConsoleSession {
  /** Everything printed so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Waits for `pattern` in what is printed after `from` (an offset in stdout); the match's text. */
  waitFor(pattern: RegExp, from?: number, ms?: number): Promise<string>;
  /** Types `line` and waits until the answer printed after it matches `answer`; returns that answer. */
  say(line: string, answer: RegExp, ms?: number): Promise<string>;
  /** Ends the input (Ctrl+D) and resolves with the exit code. */
  end(): Promise<number | null>;
  /** Stops the process at once (SIGKILL; through npm, its whole process group). */
  kill(): Promise<void>;
}

/** Environment without anything that would switch a channel on or move the data. */
function baseEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(TELEGRAM_|ZALO_|BOT_|ADMIN_IDS|DB_FILE|DATA_DIR|FILES_DIR|DATABASE_|HTTP_|WEB_BASE_URL|LOG_LEVEL|BACKUP_KEEP)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Starts `npm start -- args` (viaNpm: the README's command, tsc first) or the built CLI directly. */
export function startConsole(args: string[], env: Record<string, string>, viaNpm = false): ConsoleSession {
  const child = viaNpm
    ? spawn('npm', ['start', '--silent', ...(args.length ? ['--', ...args] : [])], { cwd: ROOT, env: baseEnv(env), detached: true })
    : spawn(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'start', ...args], { cwd: ROOT, env: baseEnv(env) });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve((code = c))));
  const waitFor = (pattern: RegExp, from = 0, ms = WAIT_MS) =>
    waitUntil(
      () => {
        const m = pattern.exec(out.slice(from));
        if (m) return m[0];
        if (code !== undefined) throw new Error(`the console exited (${code}) before printing ${pattern}:\n${out.slice(from)}\n${err}`);
        return undefined;
      },
      ms,
      () => `no ${pattern} in:\n${out.slice(from)}\n${err}`,
    );
  return {
    stdout: () => out,
    stderr: () => err,
    waitFor,
    async say(line, answer, ms) {
      const from = out.length;
      child.stdin.write(`${line}\n`);
      // Piped, the console echoes "Bạn › line" and then answers under "🔊 Loa:".
      const echo = `Bạn › ${line}\n`;
      await waitFor(new RegExp(echo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), from, ms);
      const start = out.indexOf(echo, from) + echo.length;
      await waitFor(answer, start, ms);
      return out.slice(start);
    },
    end() {
      child.stdin.end();
      return exited;
    },
    async kill() {
      if (code === undefined && child.pid !== undefined) {
        try {
          if (viaNpm) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
}
