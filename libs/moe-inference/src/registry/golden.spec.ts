/**
 * Every committed model (models/<name>/<version>/golden.json) and every fixture model must reproduce
 * PyTorch's outputs through onnxruntime-node within its golden tolerance, for the main graph and for
 * each variant whose golden file exists beside it (golden.<variant>.json). A dense twin computes the
 * same function as the sparse graph, so it must reproduce the main golden.json itself.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fixtureModelsDir } from '../../fixtures/tiny-moe.fixture';
import { WorkerPool } from '../pool/worker-pool';
import { compareWithGolden, goldenFeeds, readGolden } from './golden';
import { FP32, ModelRepository } from './model-repository';

const productionModelsDir = resolve(__dirname, '../../../../models');

const goldenFile = (variant: string) => (variant === FP32 || variant === 'dense' ? 'golden.json' : `golden.${variant}.json`);

function goldenCases(root: string): Array<[string, string, string, string]> {
  const repository = new ModelRepository(root);
  return repository.names().flatMap((name) =>
    repository.versions(name).flatMap((version) => {
      const manifest = repository.manifest(name, version);
      return [FP32, ...Object.keys(manifest.variants)]
        .map((variant) => [variant, join(root, name, version, goldenFile(variant))] as const)
        .filter(([, golden]) => existsSync(golden))
        .map(([variant, golden]): [string, string, string, string] => [`${name}@${version}/${variant}`, root, variant, golden]);
    }),
  );
}

const production = goldenCases(productionModelsDir);
const fixtures = goldenCases(fixtureModelsDir);

// A worker thread, not an in-process session: under jest, onnxruntime-node's outputs are typed arrays
// of another realm than the test's, which onnxruntime-common rejects.
let pool: WorkerPool;

async function check(root: string, id: string, variant: string, goldenPath: string): Promise<void> {
  const [name, version] = id.split('/')[0]?.split('@') as [string, string];
  const files = new ModelRepository(root).open(name, version, variant);
  const golden = readGolden(goldenPath);
  await pool.load(id, files.graph);
  try {
    expect(compareWithGolden(golden, await pool.run(id, goldenFeeds(golden)))).toEqual([]);
  } finally {
    await pool.unload(id);
  }
}

describe('golden outputs', () => {
  beforeAll(() => {
    pool = new WorkerPool({ size: 1 });
  });

  afterAll(() => pool.close());

  it(`finds ${production.length} production golden file(s) under models/ (${existsSync(productionModelsDir) ? readdirSync(productionModelsDir).join(', ') || 'none yet' : 'no models/ folder yet'})`, () => {
    expect(production.every(([, , , golden]) => existsSync(golden))).toBe(true);
  });

  it.each(fixtures)('fixture %s matches torch', async (id, root, variant, golden) => check(root, id, variant, golden));

  if (production.length > 0) {
    it.each(production)('%s matches torch', async (id, root, variant, golden) => check(root, id, variant, golden));
  }
});
