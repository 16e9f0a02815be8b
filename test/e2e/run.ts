/** Runs the real built CLI (or `npm start`) as a child process with piped input. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { WAIT_MS, waitUntil } from './wait.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  /** Run through `npm start --silent -- ...` instead of node directly. */
  viaNpm?: boolean;
  timeoutMs?: number;
}

/** Environment without anything that would switch channels on or change paths. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(TELEGRAM_|ZALO_|BOT_|ADMIN_IDS|DB_FILE|DATA_DIR|LOG_LEVEL|BACKUP_KEEP)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const env = { ...baseEnv(), ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child = options.viaNpm
    ? spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['start', '--silent', ...(args.length ? ['--', ...args] : [])], {
        cwd: ROOT,
        env,
      })
    : spawn(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Running {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** The child's PID (npm's, through `npm start`). */
  readonly pid: number | undefined;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  readonly exited: Promise<number | null>;
}

/** Starts the built CLI in the background (no stdin), e.g. the Telegram bot. */
export function startCli(args: string[], env: Record<string, string | undefined>, viaNpm = false): Running {
  const full = { ...baseEnv(), ...env };
  for (const [k, v] of Object.entries(full)) if (v === undefined) delete full[k];
  const child = viaNpm
    ? // Its own process group, so a signal reaches npm and the bot it started.
      spawn('npm', ['start', '--silent', ...(args.length ? ['--', ...args] : [])], { cwd: ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), ...args], { cwd: ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    stdout: () => out,
    stderr: () => err,
    pid: child.pid,
    exited,
    async stop(signal = 'SIGTERM') {
      const kill = (sig: NodeJS.Signals) => {
        if (child.exitCode !== null || child.pid === undefined) return;
        try {
          if (viaNpm) process.kill(-child.pid, sig);
          else child.kill(sig);
        } catch {
          // already gone
        }
      };
      kill(signal);
      const timer = setTimeout(() => kill('SIGKILL'), WAIT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * Waits until the process logs a line matching `pattern` (stderr) and returns the match. Fails at
 * once if the process exits first, or after `ms`, with its log in the message.
 */
export async function logLine(running: Running, pattern: RegExp, ms = WAIT_MS): Promise<RegExpExecArray> {
  let exited: number | null | undefined;
  void running.exited.then((code) => (exited = code));
  return waitUntil(
    () => {
      const m = pattern.exec(running.stderr());
      if (m) return m;
      if (exited !== undefined) throw new Error(`exited (${exited}) before logging ${pattern}:\n${running.stderr()}`);
      return undefined;
    },
    ms,
    () => `no ${pattern} in the log:\n${running.stderr()}`,
  );
}

/**
 * Waits for Loa's "running" line: every channel has started (Telegram polling launched) and the
 * HTTP server, if any, listens. Through `npm start` this includes the tsc build, hence the longer bound.
 */
export async function ready(running: Running, ms = 4 * WAIT_MS): Promise<void> {
  await logLine(running, /Loa is running on /, ms);
}

/** The port Loa's HTTP server listens on (started with HTTP_PORT=0), read from its log. */
export async function httpPortOf(running: Running, ms = WAIT_MS): Promise<number> {
  return Number((await logLine(running, /HTTP server on [\d.]+:(\d+)/, ms))[1]);
}
