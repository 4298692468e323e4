import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixtureModels, fixtureModelsDir } from '../../fixtures/tiny-moe.fixture';
import { IntegrityError, ManifestError, ModelNotFoundError } from '../errors/inference.errors';
import { ModelRepository, parseManifest } from './model-repository';

const manifestPath = join(fixtureModelsDir, 'tiny-moe/1.0.0/manifest.json');
const valid = (): Record<string, unknown> => JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;

describe('parseManifest', () => {
  it('accepts the fixture manifest', () => {
    expect(parseManifest(valid(), 'fixture').moe.topK).toBe(2);
  });

  it('refuses a schema violation with the field named', () => {
    expect(() => parseManifest({ ...valid(), version: 'v1' }, 'm.json')).toThrow(/m\.json is not a valid manifest[\s\S]*version/);
  });

  it('refuses router outputs that are not outputs of the graph or not [batch, topK]', () => {
    const manifest = valid();
    manifest['moe'] = { experts: 4, topK: 2, routerWeightsOutput: 'gates', routerIndicesOutput: 'score' };
    expect(() => parseManifest(manifest, 'm.json')).toThrow(ManifestError);
    expect(() => parseManifest(manifest, 'm.json')).toThrow(/"gates", which is not an output.*"score" must be \[batch, 2\] \(or \[batch, seq, 2\]\)/);
  });

  it('refuses a drift reference whose shares do not match its edges', () => {
    const manifest = valid();
    manifest['drift'] = [{ name: 'x', tensor: 'features', index: 0, edges: [0, 1], reference: [0.5, 0.5] }];
    expect(() => parseManifest(manifest, 'm.json')).toThrow(/drift "x" needs 3 reference shares/);
  });
});

describe('ModelRepository', () => {
  const repository = new ModelRepository(fixtureModelsDir);

  it('lists versions in semantic order and opens the latest', () => {
    expect(repository.versions('tiny-moe')).toEqual(['1.0.0', '1.1.0']);
    expect(repository.latestVersion('tiny-moe')).toBe('1.1.0');
    const files = repository.open('tiny-moe', '1.0.0');
    expect(files.graph.byteLength).toBe(files.manifest.graph.bytes);
    expect(files.golden?.tolerance).toBeGreaterThan(0);
  });

  it('names what exists when a model, version or variant is missing', () => {
    expect(() => repository.latestVersion('nope')).toThrow(ModelNotFoundError);
    expect(() => repository.open('tiny-moe', '9.9.9')).toThrow(/have 1\.0\.0, 1\.1\.0/);
    expect(() => repository.open('tiny-moe', '1.1.0', 'int4')).toThrow(/no variant "int4" \(have fp32\)/);
  });

  it('refuses a graph whose sha256 differs from the manifest', () => {
    const dir = copyFixtureModels();
    const graph = join(dir, 'tiny-moe/1.0.0/model.onnx');
    const bytes = readFileSync(graph);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(graph, bytes);
    expect(() => new ModelRepository(dir).open('tiny-moe', '1.0.0')).toThrow(IntegrityError);
    expect(() => new ModelRepository(dir).open('tiny-moe', '1.0.0')).toThrow(/refusing .*model\.onnx: its sha256 is [0-9a-f]{64}/);
  });

  it('refuses a manifest that sits in another model folder', () => {
    const dir = copyFixtureModels();
    const path = join(dir, 'tiny-moe/1.1.0/manifest.json');
    writeFileSync(path, JSON.stringify({ ...valid(), version: '1.0.0' }));
    expect(() => new ModelRepository(dir).manifest('tiny-moe', '1.1.0')).toThrow(/describes tiny-moe@1\.0\.0, but sits in tiny-moe\/1\.1\.0/);
  });
});
