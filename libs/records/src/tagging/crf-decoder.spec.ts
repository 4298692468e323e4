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

  it('finds the brute-force best path when sharp emissions leave only a few tags in play at each position', () => {
    const sharpLength = 6;
    const sharpPaths = allPaths(sharpLength, tags);
    for (let trial = 0; trial < 50; trial += 1) {
      const sharp = Float32Array.from({ length: sharpLength * tags }, () => r() * 40);
      const best = sharpPaths.reduce((a, b) => (score(b, sharp, crf) > score(a, sharp, crf) ? b : a));
      expect([...viterbi(sharp, sharpLength, crf)]).toEqual(best);
    }
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
  });

  it('gives each entity position the posterior of its tag, and outside positions 0', () => {
    const m = marginals(emissions, length, crf);
    const decoded = decodeCrf(emissions, length, crf);
    decoded.tags.forEach((tag, i) => {
      if (tag === OUTSIDE) expect(decoded.confidence[i]).toBe(0);
      else expect(decoded.confidence[i]).toBeCloseTo(m[i * tags + tag] ?? Number.NaN, 6);
    });
    expect(decoded.tags.some((tag) => tag !== OUTSIDE)).toBe(true);
  });

  it('argmax decoding turns an inside tag after nothing into a begin tag', () => {
    const t = 25;
    const e = new Float32Array(2 * t);
    e[OUTSIDE] = 5;
    e[t + insideTag('DRUG')] = 5;
    expect([...decodeArgmax(e, 2, t).tags]).toEqual([OUTSIDE, beginTag('DRUG')]);
  });
});
