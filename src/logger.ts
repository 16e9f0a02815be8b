/** A small leveled logger to stderr (English, one line each). Never given secrets. */
import type { Logger } from './core/dispatcher.js';
import { MIN_SECRET_LENGTH, type LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * `secrets` (tokens) are replaced by "***" wherever they appear, e.g. inside a URL in a network
 * error message; {@link addSecret} adds one while running (a refreshed token). Secrets shorter
 * than {@link MIN_SECRET_LENGTH} are ignored: they are refused at start, and redacting a one-letter
 * "secret" would garble every line and, by what it leaves, reveal it. The longest is redacted
 * first, so a secret inside another never leaves part of the longer one visible.
 */
export function createLogger(
  level: LogLevel,
  secrets: readonly string[] = [],
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger & { debug(message: string): void; addSecret(secret: string): void } {
  const on = (l: LogLevel) => ORDER[l] >= ORDER[level];
  let known: string[] = [];
  const addSecret = (secret: string) => {
    if (secret.length < MIN_SECRET_LENGTH || known.includes(secret)) return;
    known = [...known, secret].sort((a, b) => b.length - a.length);
  };
  for (const s of secrets) addSecret(s);
  const redact = (text: string) => known.reduce((t, s) => t.split(s).join('***'), text);
  const line = (l: LogLevel, message: string) => write(redact(`${new Date().toISOString()} ${l.toUpperCase()} ${message}`));
  return {
    addSecret,
    debug: (m) => on('debug') && line('debug', m),
    info: (m) => on('info') && line('info', m),
    warn: (m) => on('warn') && line('warn', m),
    error: (m, error) => {
      if (!on('error')) return;
      const detail = error instanceof Error ? `: ${error.stack ?? error.message}` : error === undefined ? '' : `: ${String(error)}`;
      line('error', m + detail);
    },
  };
}
