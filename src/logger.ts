/** A small leveled logger to stderr (English, one line each). Never given secrets. */
import type { Logger } from './core/dispatcher.js';
import type { LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger & {
  debug(message: string): void;
} {
  const on = (l: LogLevel) => ORDER[l] >= ORDER[level];
  const line = (l: LogLevel, message: string) => write(`${new Date().toISOString()} ${l.toUpperCase()} ${message}`);
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
