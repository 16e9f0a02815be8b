/** Runs the real built CLI (or `npm start`) as a child process with piped input. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

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
    }, options.timeoutMs ?? 30_000);
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
      const timer = setTimeout(() => kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** The port Loa's HTTP server listens on (started with HTTP_PORT=0), read from its log. */
export async function httpPortOf(running: Running, ms = 20_000): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const m = /HTTP server on [\d.]+:(\d+)/.exec(running.stderr());
    if (m) return Number(m[1]);
    if (Date.now() > end) throw new Error(`no HTTP server line in the log:\n${running.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
