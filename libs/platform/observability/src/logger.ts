import pino, { type Logger, type DestinationStream } from 'pino';

/**
 * Paths that never reach a log line. Request and response bodies are never logged at all; these
 * catch what might still be passed in a context object by mistake: credentials, and the personal
 * data the three products carry (names, free text, card and account numbers, birth dates, locations).
 */
export const REDACTED_PATHS = [
  'authorization',
  'password',
  'apiKey',
  'key',
  'secret',
  'token',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'body',
  'text',
  'memo',
  'name',
  'holder',
  'patient',
  'cardNumber',
  'accountNumber',
  'birthDate',
  'geo',
  '*.body',
  '*.text',
  '*.memo',
  '*.name',
  '*.holder',
  '*.patient',
  '*.cardNumber',
  '*.accountNumber',
  '*.birthDate',
  '*.geo',
];

export interface LoggerOptions {
  service: string;
  level: string;
  /** Where lines go; tests pass a capture stream. */
  destination?: DestinationStream;
}

export function createLogger({ service, level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/**
 * What an error may say in a log: its type, a code where it has one, and a message cut short.
 * Database driver errors can echo the values of a failed statement, so those keep only their code.
 */
export function describeError(error: unknown): { type: string; code?: string; message?: string } {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const type = error.constructor?.name ?? 'Error';
  if (/^Prisma/.test(type) || typeof code === 'string') {
    return { type, code: typeof code === 'string' ? code : undefined };
  }
  return { type, message: error.message.slice(0, 200) };
}

export type { Logger };
