import type { ApiOptions } from '@mosaic/platform-http';
import type { Logger } from '@mosaic/platform-observability';
import type { RecordsConfig } from './config/records.config';

export function apiOptions(config: RecordsConfig, logger: Logger): ApiOptions {
  return {
    service: 'records-api',
    title: 'Medical records API',
    description: 'Hospital document upload and extraction to structured JSON and FHIR, in Chinese and English.',
    port: config.PORT,
    config,
    logger,
    adminScope: 'records:admin',
    // A document uploaded as JSON may be as large as an uploaded file.
    bodyLimits: [{ path: '/v1/documents', json: `${config.RECORDS_UPLOAD_LIMIT_BYTES}b` }],
  };
}
