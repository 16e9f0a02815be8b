/** A small leveled logger to stderr (English, one line each). Never given secrets. */
import type { Logger } from './core/dispatcher.js';
import type { LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * `secrets` (tokens) are replaced by "***" wherever they appear, e.g. inside a URL in a network
 * error message.
 */
export function createLogger(
  level: LogLevel,
  secrets: readonly string[] = [],
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger & { debug(message: string): void } {
  const on = (l: LogLevel) => ORDER[l] >= ORDER[level];
  const redact = (text: string) => secrets.reduce((t, s) => (s ? t.split(s).join('***') : t), text);
  const line = (l: LogLevel, message: string) => write(redact(`${new Date().toISOString()} ${l.toUpperCase()} ${message}`));
  return {
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
