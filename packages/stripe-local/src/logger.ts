/**
 * Where the server reports what it does. `console` fits; the default is silent so that tests stay quiet.
 */
export interface StripeLocalLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const silentLogger: StripeLocalLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
