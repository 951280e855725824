import type { LogEntry, PaymentsLogger } from '../../src/logger.ts';

/** A logger that keeps every line, as the JSON text the console logger would print. */
export interface CapturedLogs {
  logger: PaymentsLogger;
  entries: Array<LogEntry & { level: string }>;
  /** Every line as JSON text, for searching. */
  text(): string;
  requestLines(): Array<LogEntry & { level: string }>;
}

export function captureLogger(): CapturedLogs {
  const entries: Array<LogEntry & { level: string }> = [];
  const at = (level: string) => (entry: LogEntry) => {
    // Through JSON, like a real sink: what cannot be serialised is not logged either.
    entries.push({ level, ...(JSON.parse(JSON.stringify(entry)) as LogEntry) });
  };
  return {
    logger: { info: at('info'), warn: at('warn'), error: at('error') },
    entries,
    text: () => entries.map((e) => JSON.stringify(e)).join('\n'),
    requestLines: () => entries.filter((e) => typeof e.route === 'string' && typeof e.latencyMs === 'number'),
  };
}
