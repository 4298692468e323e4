/**
 * Data drift: a rolling histogram of selected inputs and outputs, compared with the training
 * distribution stored in the manifest by the population stability index (PSI). Rules of thumb:
 * below 0.1 stable, 0.1 to 0.25 a shift worth a look, above 0.25 a drift to act on.
 */
import type { HostTensor } from '../backend/onnx-backend';
import type { DriftReference } from '../registry/manifest';

export interface DriftStatus {
  name: string;
  tensor: string;
  /** Undefined until the window holds minSamples values. */
  psi: number | undefined;
  samples: number;
}

/** Share floor so that an empty bin on either side gives a large but finite PSI. */
const EPSILON = 1e-4;

/** The bin of a value: how many edges are <= it (the Python side bins with searchsorted side="right"). */
export function binOf(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function populationStabilityIndex(expected: readonly number[], observed: readonly number[]): number {
  const total = observed.reduce((a, b) => a + b, 0);
  let psi = 0;
  expected.forEach((e, i) => {
    const a = Math.max((observed[i] ?? 0) / Math.max(total, 1), EPSILON);
    const x = Math.max(e, EPSILON);
    psi += (a - x) * Math.log(a / x);
  });
  return psi;
}

class RollingHistogram {
  readonly counts: number[];
  private readonly ring: Int32Array;
  private next = 0;
  samples = 0;

  constructor(
    readonly reference: DriftReference,
    size: number,
  ) {
    this.counts = new Array<number>(reference.edges.length + 1).fill(0);
    this.ring = new Int32Array(size);
  }

  add(value: number): void {
    const bin = binOf(this.reference.edges, value);
    if (this.samples === this.ring.length) this.counts[this.ring[this.next] as number]! -= 1;
    else this.samples++;
    this.ring[this.next] = bin;
    this.counts[bin]! += 1;
    this.next = (this.next + 1) % this.ring.length;
  }
}

export class DriftMonitor {
  private readonly histograms: RollingHistogram[];

  constructor(
    references: readonly DriftReference[],
    windowSize = 2000,
    private readonly minSamples = 100,
  ) {
    this.histograms = references.map((r) => new RollingHistogram(r, windowSize));
  }

  get enabled(): boolean {
    return this.histograms.length > 0;
  }

  /** Reads each reference's value from every row of the named input or output tensor. */
  observe(tensors: Record<string, HostTensor>): void {
    for (const histogram of this.histograms) {
      const { tensor: name, index } = histogram.reference;
      const tensor = tensors[name];
      if (!tensor) continue;
      const width = index === undefined ? 1 : (tensor.dims.at(-1) ?? 1);
      const column = index ?? 0;
      for (let at = column; at < tensor.data.length; at += width) histogram.add(Number(tensor.data[at]));
    }
  }

  status(): DriftStatus[] {
    return this.histograms.map((h) => ({
      name: h.reference.name,
      tensor: h.reference.tensor,
      samples: h.samples,
      psi: h.samples >= this.minSamples ? populationStabilityIndex(h.reference.reference, h.counts) : undefined,
    }));
  }
}
