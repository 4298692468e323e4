/**
 * The one file in the repository that touches onnxruntime-node (STYLE.md habit 8). Everything else
 * speaks in HostTensors, so the rest of the library and its callers never see an ONNX Runtime type.
 *
 * Sessions are opened through the package's native binding, whose run is synchronous, rather than its
 * public InferenceSession, whose run defers the same native call to a setImmediate and re-validates the
 * feeds. An inference worker thread does nothing but run sessions, so it calls the binding directly
 * (`runSync`) and saves a turn of its event loop per call; `run` keeps the public API's behaviour of
 * yielding to the event loop first for callers on a thread that serves anything else. The golden tests
 * compare both paths' outputs with PyTorch's.
 */
import * as ort from 'onnxruntime-node';
import { binding, initOrt, type Binding } from 'onnxruntime-node/dist/binding';

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
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  private readonly fetches: Record<string, null>;

  private constructor(private readonly session: Binding.InferenceSession) {
    this.inputNames = session.inputMetadata.map((m) => m.name);
    this.outputNames = session.outputMetadata.map((m) => m.name);
    this.fetches = Object.fromEntries(this.outputNames.map((name) => [name, null]));
  }

  /** Loads a graph from a path or from its bytes; blocks the calling thread while ONNX Runtime builds the session. */
  static open(graph: string | Uint8Array, options: BackendOptions = defaultBackendOptions): OnnxSession {
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
    initOrt();
    const session = new binding.InferenceSession();
    if (typeof graph === 'string') session.loadModel(graph, sessionOptions);
    else session.loadModel(graph.buffer as ArrayBuffer, graph.byteOffset, graph.byteLength, sessionOptions);
    return new OnnxSession(session);
  }

  /** Runs the graph on the calling thread, blocking it until the outputs are ready. */
  runSync(feeds: Record<string, HostTensor>): Record<string, HostTensor> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name in feeds) {
      const tensor = feeds[name] as HostTensor;
      ortFeeds[name] = new ort.Tensor(tensor.type, tensor.data, tensor.dims as number[]);
    }
    const results = this.session.run(ortFeeds, this.fetches, {});
    const out: Record<string, HostTensor> = {};
    for (const name in results) {
      const tensor = results[name] as ort.Tensor;
      out[name] = { type: tensor.type as TensorType, data: tensor.data as TensorData, dims: tensor.dims };
    }
    return out;
  }

  /** Yields to the event loop once (as onnxruntime-node's own run does), then runs the graph. */
  async run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    await new Promise(setImmediate);
    return this.runSync(feeds);
  }

  dispose(): void {
    this.session.dispose();
  }
}
