/**
 * `npm run bench -- fraud [latency|thresholds] [--variant tabular] [--url <base> --key <key>]`: the fraud-api latency benchmark (autocannon against
 * the running service) and the dynamic-thresholds drift simulation; both by default.
 * Results: bench/results/fraud-latency.json, bench/results/fraud-thresholds.json, bench/README.md.
 */
import { runLatencyBench } from './latency';
import { runThresholdsBench } from './thresholds';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const parts = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const wanted = parts.length ? parts : ['latency', 'thresholds'];
  const unknown = wanted.filter((p) => p !== 'latency' && p !== 'thresholds');
  if (unknown.length) {
    console.error(`unknown part ${unknown.join(', ')}: use latency and/or thresholds`);
    process.exit(2);
  }
  if (wanted.includes('thresholds')) await runThresholdsBench(args);
  if (wanted.includes('latency')) await runLatencyBench(args);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
