export { createLogger, describeError, REDACTED_PATHS } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { Metrics } from './metrics';
