import { KeyedMutex } from './keyed-mutex';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('runs holders of one key one at a time, in arrival order, and others at once', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const first = await mutex.acquire(['a']);
    const second = mutex.acquire(['a']).then((release) => {
      order.push('second');
      release();
    });
    const other = mutex.acquire(['b']).then((release) => {
      order.push('other');
      release();
    });
    await tick();
    expect(order).toEqual(['other']);
    order.push('first');
    first();
    await second;
    await other;
    expect(order).toEqual(['other', 'first', 'second']);
    expect(mutex.size).toBe(0);
  });

  it('takes several keys without deadlock whatever order callers name them in', async () => {
    const mutex = new KeyedMutex();
    const runs = Array.from({ length: 20 }, (_, i) =>
      mutex.acquire(i % 2 ? ['x', 'y'] : ['y', 'x']).then(async (release) => {
        await tick();
        release();
      }),
    );
    await Promise.all(runs);
    expect(mutex.size).toBe(0);
  });
});
