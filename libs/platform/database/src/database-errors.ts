import { Prisma } from '@prisma/client';

const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P03']);

/** True when the database could not be reached, as opposed to rejecting a statement: the caller answers 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, cause, message } = current as { code?: unknown; cause?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && /ECONNREFUSED|Connection terminated|timeout exceeded when trying to connect|Can't reach database/i.test(message)) {
      return true;
    }
    current = cause;
  }
  return false;
}

/** True for a unique-constraint violation (an idempotent create that lost a race). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
