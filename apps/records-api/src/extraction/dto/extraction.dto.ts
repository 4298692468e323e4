import { z } from 'zod';

/**
 * The contract's extraction object (shared/contracts/records.md), in zod. The same schema documents
 * the routes (OpenAPI), validates a reviewer's correction, and, turned into JSON Schema, checks every
 * extraction the pipeline produces before it is stored.
 */
const span = z
  .tuple([z.number().int().min(0), z.number().int().min(0)])
  .describe('[start, end) in characters of the stored text');

const confidence = z.number().min(0).max(1);

const evidence = z.strictObject({ span, confidence }).nullable();

export const ageSchema = z.strictObject({
  // One bound for every unit (JSON Schema here has no per-unit bounds): 150 years in days. A newborn's "180天" is 180 days.
  value: z.number().min(0).max(150 * 366),
  unit: z.enum(['year', 'month', 'day']),
});

export const patientSchema = z.strictObject({
  name: z.string().min(1).max(200).nullable(),
  age: ageSchema.nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  evidence: z
    .strictObject({ name: evidence, age: evidence, sex: evidence })
    .optional()
    .describe('where each patient field was read, and how sure the model was'),
});

export const diagnosisSchema = z.strictObject({
  text: z.string().min(1).max(500),
  negated: z.boolean(),
  subject: z.enum(['patient', 'family']),
  certainty: z.enum(['confirmed', 'suspected']),
  code: z.strictObject({ system: z.literal('ICD-10'), value: z.string().regex(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/) }).nullable(),
  span,
  confidence,
});

export const medicationSchema = z.strictObject({
  name: z.string().min(1).max(300),
  dose: z.string().max(100).nullable(),
  frequency: z.string().max(100).nullable(),
  route: z.string().max(100).nullable(),
  span,
  confidence,
  evidence: z.strictObject({ dose: evidence, frequency: evidence, route: evidence }).optional(),
});

export const extractionSchema = z.strictObject({
  language: z.enum(['zh', 'en']),
  patient: patientSchema,
  diagnoses: z.array(diagnosisSchema).max(2_000),
  medications: z.array(medicationSchema).max(2_000),
  advice: z.array(z.string().min(1).max(5_000)).max(500),
  modelVersion: z.string().min(1).max(100),
});

export type ExtractionView = z.infer<typeof extractionSchema>;
