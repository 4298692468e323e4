export { APP_CONFIG, ConfigError, baseConfigSchema, parseConfig } from './config';
export type { BaseConfig } from './config';
