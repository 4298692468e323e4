import { writeFileSync } from 'node:fs';
import type { ModelManifest } from '@mosaic/moe-inference';

interface SplitSize {
  rows: number;
  frauds: number;
}

const fmt = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(4));

/** How the run trained and which checkpoint it kept, from the manifest (older manifests say less). */
function training(manifest: ModelManifest): string {
  const t = manifest.training as { epochs?: number; schedule?: string; sparkovWeight?: number; checkpoint?: string; keptEpoch?: { fused: number; tabular: number } };
  if (!t.schedule || !t.keptEpoch) return `Trained ${t.epochs ?? '?'} epochs.`;
  return (
    `Trained ${t.epochs} epochs (${t.schedule}; Sparkov rows weighted x${t.sparkovWeight} against the synthetic ones); ` +
    `the checkpoint kept is the ${t.checkpoint} (fused: epoch ${t.keptEpoch.fused}, tabular: epoch ${t.keptEpoch.tabular}); test splits choose nothing.`
  );
}

/** MODEL_CARD.md from the manifest the pipeline just wrote, so every number in it comes from that run. */
export function writeModelCard(path: string, manifest: ModelManifest, run: { commit: string; date: string }): void {
  const m = manifest.metrics;
  const splits = (manifest.training.splits ?? {}) as Record<string, SplitSize>;
  const bar = (name: string) => {
    const b = manifest.bars[name];
    if (b === undefined) return '';
    return (m[name] ?? Number.NaN) >= b ? `>= ${b} met` : `>= ${b} **MISSED**`;
  };
  const row = (name: string, label: string) => `| ${label} | ${fmt(m[name])} | ${bar(name)} |`;
  const sizes = Object.entries(splits)
    .map(([name, s]) => `| ${name} | ${s.rows} | ${s.frauds} |`)
    .join('\n');
  const text = `# fraud-moe ${manifest.version}

Trained ${run.date} at commit ${run.commit} with \`npm run models:train -- fraud-moe\`.
Metrics below recomputed with onnxruntime-node by \`npm run models:eval -- --model fraud-moe\`
(CI: \`npm run models:eval -- --model fraud-moe --sample 400\`, a fixed seeded stratified sample).

## Intended use
Scores one card or account payment inline, before authorisation, for the fraud-api service
(\`POST /v1/transactions/score\`): \`score\` is a probability of fraud, and the service turns it into
approve / review / decline with its own, recalibrated thresholds. Reason codes come from the service
occluding feature groups (\`buildOcclusionBatch\` in \`@mosaic/fraud\`) in the same batched call;
\`expert_weights\` / \`expert_indices\` tell which of the ${manifest.moe.experts} experts decided (top-${manifest.moe.topK}).
It is a decision aid for analysts and rules, not a sole basis for refusing a customer.

## Model
Inputs, one tensor and one presence mask per modality (feature spec \`${manifest.featureSpec.name}\` v${manifest.featureSpec.version},
built only by \`libs/fraud\`): transaction numerics (log amount, hour of day, holder age, home-to-merchant
distance, city size), behaviour (amount against the account's history, velocity and amounts over 1 h/24 h,
time since the last payment, distance and speed from it, history length), categorical embeddings
(channel, merchant category with MCCs and Sparkov names in one vocabulary, merchant country), memo text
(hashed character 1-3-grams, Chinese and English), device (new for the account, accounts per device overall
and in 24 h, device history, device-to-merchant and device-to-home distance). Each modality has its own
encoder, zeroed when missing; the fused vector goes through a sparse MoE block (8 experts, top-2,
\`com.microsoft.MoE\`) and a logistic head. Training drops whole modalities at random (memo and device 50%,
behaviour 25%, categorical 15%, transaction 5%) and single features (5%), so missing evidence degrades
gracefully and occlusion at serving time is in distribution.
${training(manifest)} Platt scaling (Platt's smoothed targets, slope pulled toward 1 and kept in [0.1, 4]) fitted on the
synthetic validation split is folded into the graph. \`model.tabular.onnx\` (variant \`tabular\`) is the same architecture trained
with memo and device always missing: the baseline for the fusion comparison.

## Data and splits
- **Sparkov** (simulated US card payments; \`../shared/datasets/sparkov\`, originally from the Kaggle
  "credit card transactions fraud detection" set): the first 5,039 rows (2019-01-01..01-04, 22 frauds) and
  a 2,001-row balanced sample (1,000 frauds up to 2019-02-28, damaged by a spreadsheet: cards identified by
  first+last+date of birth, 2-digit birth years expanded around 2019), deduplicated by transaction:
  6,017 rows, 1,000 frauds. Negatives exist only in the first 3.3 days, so the split is by time per class
  and by card: a card with fraud goes to the side of its first fraud (train before 2019-02-01), other cards
  by a stable hash (70/30); train keeps negatives before 2019-01-03 and frauds before 2019-02-01, test keeps
  negatives from 2019-01-03 and frauds from 2019-02-01; 15% of train-side cards are validation. No card is in
  two splits and no test row precedes a training row of its class. The behaviour modality is reported
  missing for Sparkov: after 01-04 the files hold frauds only, so replayed histories would be sampling
  artefacts (fraud would look fast and legitimate payments history-less).
- **Synthetic** (\`tools/datasets/src/fraud/synthetic-transactions.generator.ts\`, seed 20260101): 2,400
  accounts in 11 home cities over 42 days, memos in Chinese and English, device fingerprints with
  positions, legitimate confounders (family-shared devices, new phones at home, travellers, memos about
  refunds/transfers/investments) and five fraud patterns: card_testing and account_takeover (tabular),
  social_engineering (memo only), device_farm and new_device_far (device only). Accounts split by hash
  55/15/30 and by time (train days < 24, validation 24-29, test from day 30); the whole stream is replayed
  through the behaviour state as the service would see it.

| split | rows | frauds |
| --- | ---: | ---: |
${sizes}

## Metrics (test splits, onnxruntime-node)
| metric | value | bar |
| --- | ---: | --- |
${row('sparkov_test_roc_auc', 'Sparkov time split ROC-AUC')}
${row('sparkov_test_roc_auc_lower95', '  bootstrap 2.5th percentile')}
${row('sparkov_test_pr_auc', 'Sparkov time split PR-AUC')}
${row('sparkov_test_pr_auc_lower95', '  bootstrap 2.5th percentile')}
${row('synthetic_test_roc_auc', 'Synthetic ROC-AUC')}
${row('synthetic_test_pr_auc', 'Synthetic PR-AUC (fused)')}
${row('synthetic_test_pr_auc_lower95', '  bootstrap 2.5th percentile')}
${row('synthetic_test_tabular_pr_auc', 'Synthetic PR-AUC (tabular-only baseline)')}
${row('memo_device_only_pr_auc_fused', 'Memo/device-only patterns PR-AUC, fused')}
${row('memo_device_only_pr_auc_tabular', 'Memo/device-only patterns PR-AUC, tabular-only')}
${row('memo_device_only_pr_auc_gain', 'Gain of fusion on those patterns')}

The memo/device-only subset is every legitimate test row plus the social_engineering, device_farm and
new_device_far frauds. Bootstrap bounds: 300 resamples of the test rows (seed 99).

## Limitations
- The Sparkov test holds ${splits.sparkov_test?.rows ?? 'n/a'} rows, ${splits.sparkov_test?.frauds ?? 'n/a'} of them fraud: the prevalence (about half) is
  an artefact of the balanced sample, so PR-AUC there is far easier than at a real 0.5% fraud rate, and all
  negatives come from 1.3 days (2019-01-03..01-04 06:11). With about 500 frauds from about 45 cards, rows are
  not independent; read the bootstrap bound as optimistic.
- Behaviour features were learnt from synthetic data only (see above); on a complete real stream they are
  untested here.
- Calibration is to the synthetic validation prevalence (about 2%); re-fit the thresholds (the fraud-api
  threshold job does) for another population. Amounts are not converted between currencies.
- The synthetic patterns were written by the same team that wrote the features; the fusion gain measures
  that the model uses memo and device evidence, not how often real scams look like these.
- Memo features are hashed character n-grams: no semantics beyond shared substrings; unseen scam wording
  in either language may pass.
`;
  writeFileSync(path, text);
}
