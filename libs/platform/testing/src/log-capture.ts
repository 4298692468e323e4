import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@mosaic/platform-observability';

/** A real pino logger whose lines are kept in memory, so tests can read what production would print. */
export function captureLogs(service: string): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ service, level: 'trace', destination }), lines, text: () => lines.join('\n') };
}
