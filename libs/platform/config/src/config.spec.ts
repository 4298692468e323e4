import { ConfigError, baseConfigSchema, parseConfig } from './config';

describe('parseConfig', () => {
  it('fills defaults for a bare environment', () => {
    const config = parseConfig(baseConfigSchema, {});
    expect(config.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/mosaic');
    expect(config.RATE_LIMIT_PER_MINUTE).toBe(6000);
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      parseConfig(baseConfigSchema, { DATABASE_URL: 'mysql://x', RATE_LIMIT_PER_MINUTE: '-3', BODY_LIMIT: 'lots' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['BODY_LIMIT', 'DATABASE_URL', 'RATE_LIMIT_PER_MINUTE']);
    expect((error as ConfigError).message).toContain('DATABASE_URL: must be a postgresql:// URL');
  });
});
