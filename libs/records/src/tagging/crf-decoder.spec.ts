import { decodeArgmax, decodeCrf, marginals, viterbi, type CrfTransitions } from './crf-decoder';
import { beginTag, insideTag, OUTSIDE } from './tag-set';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

function score(path: number[], e: Float32Array, crf: CrfTransitions): number {
  const t = crf.tags;
  let total = (crf.start[path[0] ?? 0] ?? 0) + (crf.end[path[path.length - 1] ?? 0] ?? 0);
  path.forEach((tag, i) => {
    total += e[i * t + tag] ?? 0;
    if (i > 0) total += crf.matrix[(path[i - 1] ?? 0) * t + tag] ?? 0;
  });
  return total;
}

function allPaths(length: number, tags: number): number[][] {
  if (length === 0) return [[]];
  return allPaths(length - 1, tags).flatMap((p) => Array.from({ length: tags }, (_, k) => [...p, k]));
}

describe('CRF decoding', () => {
  const tags = 3;
  const length = 4;
  const r = random(42);
  const crf: CrfTransitions = {
    tags,
    matrix: Float32Array.from({ length: tags * tags }, () => r() * 4),
    start: Float32Array.from({ length: tags }, () => r() * 4),
    end: Float32Array.from({ length: tags }, () => r() * 4),
  };
  const emissions = Float32Array.from({ length: length * tags }, () => r() * 4);
  const paths = allPaths(length, tags);

  it('finds the best path that brute force finds', () => {
    const best = paths.reduce((a, b) => (score(b, emissions, crf) > score(a, emissions, crf) ? b : a));
    expect([...viterbi(emissions, length, crf)]).toEqual(best);
  });

  it('gives marginals equal to the brute-force posterior', () => {
    const z = paths.reduce((s, p) => s + Math.exp(score(p, emissions, crf)), 0);
    const m = marginals(emissions, length, crf);
    for (let i = 0; i < length; i += 1) {
      for (let k = 0; k < tags; k += 1) {
        const expected = paths.filter((p) => p[i] === k).reduce((s, p) => s + Math.exp(score(p, emissions, crf)), 0) / z;
        expect(m[i * tags + k]).toBeCloseTo(expected, 6);
      }
    }
    expect(decodeCrf(emissions, length, crf).confidence.every((c) => c > 0 && c <= 1)).toBe(true);
  });

  it('argmax decoding turns an inside tag after nothing into a begin tag', () => {
    const t = 25;
    const e = new Float32Array(2 * t);
    e[OUTSIDE] = 5;
    e[t + insideTag('DRUG')] = 5;
    expect([...decodeArgmax(e, 2, t).tags]).toEqual([OUTSIDE, beginTag('DRUG')]);
  });
});
