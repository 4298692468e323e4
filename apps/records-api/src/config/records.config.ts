import { resolve } from 'node:path';
import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@mosaic/platform-config';

/**
 * A well-known key for development and tests only: a production process refuses to start with it,
 * so a deployment that forgot to set RECORDS_ENCRYPTION_KEYS fails loudly instead of sealing
 * patient data under a key that is in the repository.
 */
export const DEVELOPMENT_KEY = 'dev:ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcGF0aWVudHM=';
const DEVELOPMENT_CALLBACK_SECRET = 'development-callback-secret';

const booleanString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** `id:base64,id:base64`: each key 32 bytes (AES-256). */
const keyRing = z
  .string()
  .transform((value, context) => {
    const keys = new Map<string, Buffer>();
    for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
      const at = entry.indexOf(':');
      const id = entry.slice(0, at);
      const key = Buffer.from(entry.slice(at + 1), 'base64');
      if (at < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) context.addIssue({ code: 'custom', message: 'each entry must be <key id>:<base64 key>, the id [A-Za-z0-9_-]{1,32}' });
      else if (key.length !== 32) context.addIssue({ code: 'custom', message: `key ${id} is ${key.length} bytes; AES-256 needs 32` });
      else if (keys.has(id)) context.addIssue({ code: 'custom', message: `key id ${id} appears twice` });
      else keys.set(id, key);
    }
    if (keys.size === 0) context.addIssue({ code: 'custom', message: 'at least one key is required' });
    return keys;
  });

/** Comma-separated host names; `*.example.org` allows its subdomains. */
const hostList = z
  .string()
  .transform((value) => value.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+$/, 'host names only, optionally *.domain')));

export const recordsConfigSchema = baseConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3002),
    MODELS_DIR: z.string().default(resolve(__dirname, '../../../../models')),
    RECORDS_MODEL: z.string().default('records-ner-moe'),
    /** A version under models/<RECORDS_MODEL>/; the latest when unset. */
    RECORDS_MODEL_VERSION: z.string().optional(),
    /**
     * fp32, or a variant listed in the model's manifest. int8 by default: on every test split it holds
     * the card's metrics within 0.1 point of fp32 and tags a 2,000-character document in about 15 ms of
     * CPU instead of 21 (the model card's Variants section).
     */
    RECORDS_MODEL_VARIANT: z.string().default('int8'),
    /** Inference worker threads per process; one document's chunks are spread over all of them. */
    RECORDS_MODEL_WORKERS: z.coerce.number().int().positive().max(64).default(1),
    /** AES-256-GCM keys for document text and extractions, and which of them seals new rows. */
    RECORDS_ENCRYPTION_KEYS: keyRing.default(new Map([[DEVELOPMENT_KEY.split(':')[0] as string, Buffer.from(DEVELOPMENT_KEY.split(':')[1] as string, 'base64')]])),
    RECORDS_ENCRYPTION_KEY_ID: z.string().default('dev'),
    /** Largest uploaded file (multipart) or JSON body of POST /v1/documents. */
    RECORDS_UPLOAD_LIMIT_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
    /** Most characters of text one document may hold once decoded. */
    RECORDS_MAX_DOCUMENT_CHARS: z.coerce.number().int().positive().default(500_000),
    /** How long reading a PDF's text layer may take before it is refused as unreadable. */
    RECORDS_PDF_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    /** Hosts callbackUrl may name. Empty: callbacks are refused. */
    RECORDS_CALLBACK_HOSTS: hostList.default([]),
    /** Let callbacks reach private, loopback and link-local addresses (on-premise deployments, tests). */
    RECORDS_CALLBACK_ALLOW_PRIVATE: booleanString.default(false),
    /** HMAC-SHA256 secret of the X-Mosaic-Signature header on callbacks. */
    RECORDS_CALLBACK_SECRET: z.string().min(16).default(DEVELOPMENT_CALLBACK_SECRET),
    RECORDS_CALLBACK_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  })
  .superRefine((config, context) => {
    if (!config.RECORDS_ENCRYPTION_KEYS.has(config.RECORDS_ENCRYPTION_KEY_ID)) {
      context.addIssue({ code: 'custom', path: ['RECORDS_ENCRYPTION_KEY_ID'], message: `no key ${config.RECORDS_ENCRYPTION_KEY_ID} in RECORDS_ENCRYPTION_KEYS` });
    }
    if (config.NODE_ENV === 'production') {
      if (config.RECORDS_ENCRYPTION_KEY_ID === 'dev' || config.RECORDS_ENCRYPTION_KEYS.has('dev')) {
        context.addIssue({ code: 'custom', path: ['RECORDS_ENCRYPTION_KEYS'], message: 'the development key is refused in production; set your own keys' });
      }
      if (config.RECORDS_CALLBACK_SECRET === DEVELOPMENT_CALLBACK_SECRET) {
        context.addIssue({ code: 'custom', path: ['RECORDS_CALLBACK_SECRET'], message: 'the development secret is refused in production' });
      }
    }
  });

export type RecordsConfig = z.infer<typeof recordsConfigSchema>;

export const loadRecordsConfig = (env?: Record<string, string | undefined>): RecordsConfig => parseConfig(recordsConfigSchema, env);
