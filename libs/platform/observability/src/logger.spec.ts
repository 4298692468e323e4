import { Writable } from 'node:stream';
import { createLogger, describeError } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines and redacts credentials and personal data in context objects', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'test', level: 'info', destination });
    logger.info(
      { requestId: 'r-1', headers: { authorization: 'Bearer mk_live_secret' }, memo: 'pay Zhang Wei', holder: { name: 'Zhang Wei' } },
      'scored',
    );
    const line = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(line['service']).toBe('test');
    expect(line['requestId']).toBe('r-1');
    expect(lines.join('')).not.toContain('mk_live_secret');
    expect(lines.join('')).not.toContain('Zhang Wei');
  });
});

describe('describeError', () => {
  it('keeps only the code of driver errors, which can echo statement values', () => {
    const error = Object.assign(new Error('duplicate key value (name)=(Zhang Wei)'), { code: '23505' });
    expect(describeError(error)).toEqual({ type: 'Error', code: '23505' });
  });
});
