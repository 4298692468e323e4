/**
 * The one file in the repository that touches onnxruntime-node (STYLE.md habit 8). Everything else
 * speaks in HostTensors, so the rest of the library and its callers never see an ONNX Runtime type.
 */
import * as ort from 'onnxruntime-node';

export type TensorType = 'float32' | 'int64' | 'int32' | 'uint8' | 'bool';

export type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

export interface HostTensor {
  type: TensorType;
  data: TensorData;
  dims: readonly number[];
}

export interface BackendOptions {
  /** Threads ONNX Runtime may use inside one operator; 1 when a pool of worker threads owns the cores. */
  intraOpThreads: number;
  interOpThreads: number;
  /** Spinning threads burn the cores that other sessions need (measured: 28 ms per call against 2.9 ms). */
  allowSpinning: boolean;
}

export const defaultBackendOptions: BackendOptions = { intraOpThreads: 1, interOpThreads: 1, allowSpinning: false };

export class OnnxSession {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(graph: string | Uint8Array, options: BackendOptions = defaultBackendOptions): Promise<OnnxSession> {
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: options.intraOpThreads,
      interOpNumThreads: options.interOpThreads,
      executionMode: 'sequential',
      extra: {
        session: {
          intra_op: { allow_spinning: options.allowSpinning ? '1' : '0' },
          inter_op: { allow_spinning: options.allowSpinning ? '1' : '0' },
        },
      },
    };
    const session =
      typeof graph === 'string'
        ? await ort.InferenceSession.create(graph, sessionOptions)
        : await ort.InferenceSession.create(graph, sessionOptions);
    return new OnnxSession(session);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) {
      ortFeeds[name] = new ort.Tensor(tensor.type, tensor.data, tensor.dims as number[]);
    }
    const results = await this.session.run(ortFeeds);
    const out: Record<string, HostTensor> = {};
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = { type: tensor.type as TensorType, data: tensor.data as TensorData, dims: [...tensor.dims] };
      tensor.dispose();
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
