/** What each model's evaluator (tools/evaluation/<model>.eval.ts) exports as `evaluate`. */
export interface EvaluationOptions {
  /** The folder of the public datasets (../shared/datasets by default). */
  datasets: string;
  /** Evaluate on a fixed, seeded sample of this many test items (CI), or on the whole test split. */
  sample?: number;
  /** Evaluate this variant's graph (model.<variant>.onnx) instead of model.onnx. */
  variant?: string;
}

/** The graph file an evaluation reads. */
export function graphFile(variant?: string): string {
  return variant ? `model.${variant}.onnx` : 'model.onnx';
}

/** Metric name -> value on the test split, computed with onnxruntime-node through @mosaic/moe-inference. */
export type Evaluation = Record<string, number>;

export type Evaluate = (options: EvaluationOptions) => Promise<Evaluation>;
