import { baseConfigSchema, parseConfig } from '@mosaic/platform-config';
import { RedisService } from '@mosaic/platform-messaging';
import { Metrics } from '@mosaic/platform-observability';
import { RateLimiter } from './rate-limiter';

/** Two limiters on two connections stand for two processes of a service sharing one key's limit. */
function processes(limit: number) {
  const config = parseConfig(baseConfigSchema, { ...process.env, RATE_LIMIT_PER_MINUTE: String(limit) });
  const connections = [new RedisService(config), new RedisService(config)];
  const limiters = connections.map((redis, i) => new RateLimiter(redis, config, new Metrics(`rate-limit-test-${i}`)));
  const ready = async () => {
    for (let waited = 0; !connections.every((c) => c.isReady); waited += 50) {
      if (waited > 5_000) throw new Error('Redis is not reachable');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { limiters, ready, close: () => Promise.all(connections.map((c) => c.onApplicationShutdown())) };
}

describe('RateLimiter against Redis', () => {
  const minute = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;
  let keyCount = 0;
  const newKey = () => `test-key-${Date.now()}-${(keyCount += 1)}`;

  it('is exact for small limits: the request after the limit is refused, with the time to the next window', async () => {
    const { limiters, ready, close } = processes(3);
    try {
      await ready();
      const key = newKey();
      const [a, b] = limiters as [RateLimiter, RateLimiter];
      const decisions = [await a.hit(key, minute), await b.hit(key, minute), await a.hit(key, minute), await b.hit(key, minute), await a.hit(key, minute)];
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
      expect(decisions[0]?.remaining).toBe(2);
      expect(decisions[3]?.retryAfterSeconds).toBe(59);
      expect((await a.hit(key, minute + 60_000)).allowed).toBe(true);
    } finally {
      await close();
    }
  });

  it('shares a large limit between processes that reserve it in leases, never letting more through', async () => {
    const { limiters, ready, close } = processes(500);
    try {
      await ready();
      const key = newKey();
      let allowed = 0;
      // Both processes hit concurrently, 700 requests in all, some at once on one lease.
      const burst = (limiter: RateLimiter) =>
        Promise.all(Array.from({ length: 50 }, () => limiter.hit(key, minute).then((d) => (allowed += d.allowed ? 1 : 0))));
      for (let round = 0; round < 7; round += 1) await Promise.all(limiters.map(burst));
      // Each process may leave at most one lease (5 requests) unused.
      expect(allowed).toBeLessThanOrEqual(500);
      expect(allowed).toBeGreaterThanOrEqual(490);
    } finally {
      await close();
    }
  });

  it('counts keys apart', async () => {
    const { limiters, ready, close } = processes(1);
    try {
      await ready();
      const [a] = limiters as [RateLimiter];
      const first = newKey();
      expect((await a.hit(first, minute)).allowed).toBe(true);
      expect((await a.hit(first, minute)).allowed).toBe(false);
      expect((await a.hit(newKey(), minute)).allowed).toBe(true);
    } finally {
      await close();
    }
  });
});
