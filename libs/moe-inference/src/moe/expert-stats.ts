/**
 * What the router did: which experts each row went to, and per-model load statistics over a rolling
 * window of recent rows. A collapsing router (a few experts take everything) shows as a rising
 * coefficient of variation; an unsure one as a rising share of rows whose top weight is below the floor.
 */
import type { HostTensor } from '../backend/onnx-backend';

export interface RowRouting {
  /** Chosen experts, highest weight first. */
  experts: number[];
  weights: number[];
}

export interface ExpertSnapshot {
  /** Routes per expert over the window (each row counts once for each of its top-k experts). */
  windowLoad: number[];
  /** Routes per expert since load. */
  totalLoad: number[];
  /** Standard deviation over mean of windowLoad; 0 is perfectly even. */
  loadCv: number;
  /** Share of window rows whose top expert weight is below the floor. */
  lowTopWeightShare: number;
  windowRows: number;
}

/** One entry per routed row: per input row, or per position for token-level outputs [batch, seq, k]. */
export function routingOf(weights: HostTensor, indices: HostTensor): RowRouting[] {
  const k = weights.dims.at(-1) ?? 1;
  const rows = weights.data.length / k;
  const result: RowRouting[] = [];
  for (let r = 0; r < rows; r++) {
    const experts: number[] = [];
    const w: number[] = [];
    for (let j = 0; j < k; j++) {
      experts.push(Number(indices.data[r * k + j]));
      w.push(Number(weights.data[r * k + j]));
    }
    result.push({ experts, weights: w });
  }
  return result;
}

export class ExpertStats {
  private readonly total: number[];
  private readonly window: number[];
  private readonly ringExperts: Int32Array;
  private readonly ringLow: Uint8Array;
  private next = 0;
  private filled = 0;
  private lowInWindow = 0;

  constructor(
    private readonly experts: number,
    private readonly topK: number,
    private readonly topWeightFloor: number,
    private readonly windowRows = 4096,
  ) {
    this.total = new Array<number>(experts).fill(0);
    this.window = new Array<number>(experts).fill(0);
    this.ringExperts = new Int32Array(windowRows * topK).fill(-1);
    this.ringLow = new Uint8Array(windowRows);
  }

  /**
   * Records every routed row of one call straight from the router's outputs (no object per row: a
   * token model routes thousands of positions per call) and returns the routes per expert in it.
   */
  record(weights: HostTensor, indices: HostTensor): number[] {
    const counts = new Array<number>(this.experts).fill(0);
    const k = this.topK;
    const rows = Math.floor(indices.data.length / k);
    for (let r = 0; r < rows; r++) {
      const base = this.next * k;
      if (this.filled === this.windowRows) {
        for (let j = 0; j < k; j++) {
          const old = this.ringExperts[base + j] as number;
          if (old >= 0) this.window[old]! -= 1;
        }
        this.lowInWindow -= this.ringLow[this.next] as number;
      } else {
        this.filled++;
      }
      for (let j = 0; j < k; j++) {
        const expert = Number(indices.data[r * k + j]);
        const valid = expert >= 0 && expert < this.experts;
        this.ringExperts[base + j] = valid ? expert : -1;
        if (valid) {
          this.window[expert]! += 1;
          this.total[expert]! += 1;
          counts[expert]! += 1;
        }
      }
      const low = Number(weights.data[r * k] ?? 0) < this.topWeightFloor ? 1 : 0;
      this.ringLow[this.next] = low;
      this.lowInWindow += low;
      this.next = (this.next + 1) % this.windowRows;
    }
    return counts;
  }

  snapshot(): ExpertSnapshot {
    const mean = this.window.reduce((a, b) => a + b, 0) / this.experts;
    const variance = this.window.reduce((a, b) => a + (b - mean) ** 2, 0) / this.experts;
    return {
      windowLoad: [...this.window],
      totalLoad: [...this.total],
      loadCv: mean > 0 ? Math.sqrt(variance) / mean : 0,
      lowTopWeightShare: this.filled > 0 ? this.lowInWindow / this.filled : 0,
      windowRows: this.filled,
    };
  }
}
