import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureModelsDir, tinyFeeds } from '../../fixtures/tiny-moe.fixture';
import { InputValidationError } from '../errors/inference.errors';
import { validateInputs } from './input-validator';
import { parseManifest } from './model-repository';

const manifest = parseManifest(JSON.parse(readFileSync(join(fixtureModelsDir, 'tiny-moe/1.0.0/manifest.json'), 'utf8')), 'tiny-moe');

function issues(feeds: Record<string, unknown>): string[] {
  try {
    validateInputs(manifest, feeds);
  } catch (error) {
    if (error instanceof InputValidationError) return error.details.map((d) => `${d.path}: ${d.message}`);
    throw error;
  }
  return [];
}

describe('validateInputs', () => {
  it('accepts well-formed feeds and returns the batch size', () => {
    expect(validateInputs(manifest, tinyFeeds(3))).toBe(3);
  });

  it('names a missing input and an unknown one', () => {
    const { features } = tinyFeeds(1);
    expect(issues({ features, extra: features })).toEqual([
      'extra: unknown input (expected features, category)',
      'category: missing input int64 [batch]',
    ]);
  });

  it('reports a wrong fixed dimension by its path', () => {
    const feeds = tinyFeeds(2);
    feeds['features'] = { type: 'float32', dims: [2, 5], data: new Float32Array(10) };
    expect(issues(feeds)).toEqual(['features.dims[1]: expected 6, got 5']);
  });

  it('reports a wrong rank, a wrong type and data that does not fill the dims', () => {
    expect(issues({ ...tinyFeeds(1), features: { type: 'float32', dims: [6], data: new Float32Array(6) } })).toEqual([
      'features: expected rank 2 [batch, 6], got rank 1 [6]',
    ]);
    expect(issues({ ...tinyFeeds(1), category: { type: 'int32', dims: [1], data: new Int32Array(1) } })).toEqual([
      'category: expected type int64, got int32',
    ]);
    expect(issues({ ...tinyFeeds(1), features: { type: 'float32', dims: [1, 6], data: new Float32Array(5) } })).toEqual([
      'features: dims [1, 6] hold 6 values, data has 5',
    ]);
  });

  it('refuses inputs that disagree on the batch size', () => {
    const feeds = { ...tinyFeeds(2), category: tinyFeeds(3)['category'] };
    expect(issues(feeds)).toEqual(['category.dims[0]: batch is 2 in another input, got 3']);
  });

  it('refuses data of the wrong array class and non-finite floats', () => {
    expect(issues({ ...tinyFeeds(1), category: { type: 'int64', dims: [1], data: new Int32Array(1) } })).toEqual([
      'category: expected data as a BigInt64Array',
    ]);
    const feeds = tinyFeeds(1);
    (feeds['features']?.data as Float32Array)[4] = Number.NaN;
    expect(issues(feeds)).toEqual(['features.data[4]: must be a finite number (NaN and Infinity are refused)']);
  });
});
