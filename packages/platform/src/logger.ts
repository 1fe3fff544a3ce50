import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs, one line per event, with the app id on every line. */
export function createLogger(appId: string, level: string = 'info'): Logger {
  return pino({
    level,
    base: { service: appId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
