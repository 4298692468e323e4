import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { latestManifests } from '../scripts/models-eval';

/**
 * Every committed model is re-evaluated on the fixed test sample recorded in its manifest, through
 * the same TypeScript features and onnxruntime-node as serving; a metric below its record fails.
 * Runs in a child process: ONNX Runtime's typed arrays and jest's sandbox do not mix.
 */
describe('committed models against their cards', () => {
  const root = resolve(__dirname, '../..');

  it('records a CI sample for every model', () => {
    const models = latestManifests();
    expect(models.map((m) => m.name).sort()).toEqual(['fraud-moe', 'records-ner-moe', 'telemetry-cnn-moe']);
    expect(models.filter((m) => !m.ciSample).map((m) => m.name)).toEqual([]);
  });

  it('does no worse on each sample than the record', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/scripts/models-eval.ts', '--check-samples'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout).not.toContain('BELOW BAR');
    expect(result.status).toBe(0);
    for (const name of ['fraud-moe', 'records-ner-moe', 'telemetry-cnn-moe']) expect(result.stdout).toContain(`| ${name} |`);
  }, 300_000);
});
