/**
 * `npm run models:variants -- <model> [--version v] [--data ../shared/datasets] [--sample N]`
 *
 * Makes the standard variants of a trained model beside its fp32 graph and puts their numbers in the
 * manifest and the model card:
 *   dense            every expert on every row, then masked (models:densify); must match fp32 within 1e-4
 *   int8             int8 weights, activations quantised at run time
 *   int4             4-bit weights with one scale per block of 32 inputs
 *   int4-per-tensor  4-bit weights with one scale per tensor, for comparison
 * Each quantised variant is evaluated on the test split by the model's own evaluator, beside fp32 in
 * the same run, on the metrics that carry a bar. Run it after `models:train`, which rewrites the
 * manifest and the card. Speed of each variant: `npm run bench -- inference`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ModelRepository, parseManifest } from '@mosaic/moe-inference';
import type { Evaluation } from '../evaluation/evaluator';
import type { VariantResult } from '../variants/graph-variant';
import { densifyModel } from './models-densify';
import { evaluatorFor } from './models-eval';
import { quantizeModel } from './models-quantize';

const root = resolve(__dirname, '../..');
const QUANTISED = [
  { bits: 8, block: 32, perTensor: false },
  { bits: 4, block: 32, perTensor: false },
  { bits: 4, block: 32, perTensor: true },
] as const;
const CARD_START = '<!-- variants:start -->';
const CARD_END = '<!-- variants:end -->';

interface Row {
  result: VariantResult;
  task?: Evaluation;
}

const f4 = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : v.toFixed(4));

function cardSection(model: string, rows: Row[], fp32: Evaluation, fp32Bytes: number, barMetrics: string[], sample?: number): string {
  const head = ['variant', 'size', 'vs fp32', 'max abs diff on golden', 'top-1 expert agreement', ...barMetrics];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const metricCells = (task: Evaluation | undefined) =>
    barMetrics.map((m) => (task ? `${f4(task[m])} (${task[m] !== undefined && fp32[m] !== undefined ? ((task[m] - fp32[m]) * 100).toFixed(2) : '?'} pt)` : 'same as fp32'));
  return [
    CARD_START,
    '## Variants',
    `Made and measured by \`npm run models:variants -- ${model}\` on ${new Date().toISOString().slice(0, 10)}; the task metrics`,
    `of fp32 and of each quantised graph come from the same evaluator in the same run${sample ? ` (a ${sample}-item sample of the test split)` : ' (the whole test split)'}.`,
    'The dense twin computes every expert on every row and masks the outputs: same function, for the',
    'sparse-against-dense benchmark; its size and latency are in `bench/README.md` (`npm run bench -- inference`).',
    '',
    line(head),
    line(head.map((_, i) => (i === 0 ? '---' : '---:'))),
    line(['fp32', `${(fp32Bytes / 1024).toFixed(0)} KiB`, '1.00', '0', '1.000', ...barMetrics.map((m) => f4(fp32[m]))]),
    ...rows.map(({ result, task }) =>
      line([
        result.variant,
        `${(result.bytes / 1024).toFixed(0)} KiB`,
        (result.metrics['sizeRatio'] ?? Number.NaN).toFixed(2),
        (result.metrics['goldenMaxAbsError'] ?? Number.NaN).toExponential(1),
        (result.metrics['top1ExpertAgreement'] ?? Number.NaN).toFixed(3),
        ...metricCells(task),
      ]),
    ),
    CARD_END,
  ].join('\n');
}

function writeCardSection(directory: string, section: string): void {
  const path = join(directory, 'MODEL_CARD.md');
  const card = readFileSync(path, 'utf8');
  const start = card.indexOf(CARD_START);
  const end = card.indexOf(CARD_END);
  const next = start >= 0 && end > start ? `${card.slice(0, start)}${section}${card.slice(end + CARD_END.length)}` : `${card.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}

function recordTaskMetrics(directory: string, variant: string, task: Evaluation): void {
  const path = join(directory, 'manifest.json');
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { variants: Record<string, { metrics?: Record<string, number> }> };
  const entry = raw.variants[variant];
  if (!entry) throw new Error(`${variant} is missing from ${path}`);
  entry.metrics = { ...entry.metrics, ...task };
  parseManifest(raw, path);
  writeFileSync(path, `${JSON.stringify(raw, null, 2)}\n`);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { version: { type: 'string' }, data: { type: 'string' }, sample: { type: 'string' } },
  });
  const model = positionals[0];
  if (!model) {
    console.error('usage: npm run models:variants -- <model> [--version v] [--data ../shared/datasets] [--sample N]');
    process.exit(2);
  }
  const repository = new ModelRepository(join(root, 'models'));
  const version = values.version ?? repository.latestVersion(model);
  const datasets = resolve(values.data ?? join(root, '../shared/datasets'));
  const sample = values.sample ? Number(values.sample) : undefined;
  const files = repository.open(model, version);
  const barMetrics = Object.keys(files.manifest.bars);
  const pick = (all: Evaluation) => Object.fromEntries(barMetrics.filter((m) => all[m] !== undefined).map((m) => [m, all[m] as number]));

  const rows: Row[] = [{ result: await densifyModel({ model, version }) }];
  console.log(`${model}: dense twin written`);
  const evaluate = await evaluatorFor(model);
  const fp32 = pick(await evaluate({ datasets, sample }));
  console.log(`${model}: fp32 ${JSON.stringify(fp32)}`);
  for (const request of QUANTISED) {
    const result = await quantizeModel({ model, version, ...request });
    const task = pick(await evaluate({ datasets, sample, variant: result.variant }));
    recordTaskMetrics(files.directory, result.variant, task);
    rows.push({ result, task });
    console.log(`${model}: ${result.variant} ${JSON.stringify(task)}`);
  }
  // Metrics of the main graph alone (the pruned variant's change, say) have no value for a variant.
  const shared = barMetrics.filter((m) => rows.every((r) => !r.task || r.task[m] !== undefined));
  writeCardSection(files.directory, cardSection(model, rows, fp32, files.graph.byteLength, shared, sample));
  console.log(`${model}: variants listed in ${join(files.directory, 'manifest.json')} and MODEL_CARD.md`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
