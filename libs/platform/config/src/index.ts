export { APP_CONFIG, ConfigError, baseConfigSchema, parseConfig } from './config';
export type { BaseConfig } from './config';
export { SERVICE_NODE_FLAGS } from './service-node-flags';
