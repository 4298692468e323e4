import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@mosaic/platform-observability';

/**
 * Nest's logger interface over pino. Nest calls `log(message, ...params, context)`; a message that is
 * an object becomes the line's fields, and a string parameter becomes its text.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    const strings = params.filter((p): p is string => typeof p === 'string');
    const context = strings.length > 0 ? strings[strings.length - 1] : undefined;
    const text = strings.length > 1 ? strings[0] : undefined;
    if (message && typeof message === 'object' && !(message instanceof Error)) {
      this.logger[level]({ ...(message as Record<string, unknown>), context }, text ?? '');
    } else if (message instanceof Error) {
      this.logger[level]({ context, error: { type: message.name } }, message.message.slice(0, 200));
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
