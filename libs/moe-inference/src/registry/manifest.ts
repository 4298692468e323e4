import { z } from 'zod';

/** A dimension is a fixed size or a named symbolic one such as "batch". */
const dimension = z.union([z.number().int().positive(), z.string().min(1)]);

const tensorSpec = z.object({
  name: z.string().min(1),
  type: z.enum(['float32', 'int64', 'int32', 'uint8', 'bool']),
  shape: z.array(dimension),
  description: z.string().optional(),
});

const graphFile = z.object({
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
});

/** A histogram of the training distribution of one input feature or output, for drift. */
const driftReference = z.object({
  name: z.string().min(1),
  /** The tensor it is read from, and the index along the last axis (absent for a scalar per row). */
  tensor: z.string().min(1),
  index: z.number().int().nonnegative().optional(),
  /** Bin edges, ascending; values below the first or above the last fall in the outer bins. */
  edges: z.array(z.number()).min(1),
  /** Training share per bin: edges.length + 1 entries, summing to 1. */
  reference: z.array(z.number().nonnegative()),
});

export const modelManifestSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  description: z.string(),
  graph: graphFile,
  /** Quantised or pruned variants beside the fp32 graph, by variant name (int8, int4, int4-per-tensor, pruned...). */
  variants: z.record(z.string(), graphFile.extend({ metrics: z.record(z.string(), z.number()).optional() })).default({}),
  opset: z.number().int(),
  featureSpec: z.object({ name: z.string(), version: z.number().int().positive() }),
  inputs: z.array(tensorSpec).min(1),
  outputs: z.array(tensorSpec).min(1),
  labels: z.array(z.string()).optional(),
  moe: z.object({
    experts: z.number().int().positive(),
    topK: z.number().int().positive(),
    /** Outputs that carry the router's chosen experts per row: [batch, topK] weights and indices. */
    routerWeightsOutput: z.string(),
    routerIndicesOutput: z.string(),
  }),
  training: z.record(z.string(), z.unknown()),
  /** Headline metrics on the test split, and the bars they must meet (models:eval fails below a bar). */
  metrics: z.record(z.string(), z.number()),
  bars: z.record(z.string(), z.number()).default({}),
  /**
   * The same metrics on a small, fixed, seeded sample of the test split, recorded by
   * `npm run models:eval -- --sample N --record`: CI re-evaluates the sample and fails when the
   * model, or the feature code in front of it, does worse than this record.
   */
  ciSample: z.object({ size: z.number().int().positive(), metrics: z.record(z.string(), z.number()) }).optional(),
  drift: z.array(driftReference).default([]),
});

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type TensorSpec = z.infer<typeof tensorSpec>;
export type DriftReference = z.infer<typeof driftReference>;
