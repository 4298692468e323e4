/**
 * `node -r @swc-node/register tools/training/mosaic_train/check-golden.ts <model.onnx> <golden.json>`:
 * runs the graph on the golden inputs with onnxruntime-node and exits 1 unless every output matches
 * torch's. export.py's check_onnx calls it, since onnxruntime has no Python build on this machine.
 */
import { OnnxSession, compareWithGolden, goldenFeeds, readGolden } from '@mosaic/moe-inference';

async function main(): Promise<void> {
  const [graph, goldenPath] = process.argv.slice(2);
  if (!graph || !goldenPath) {
    console.error('usage: check-golden.ts <model.onnx> <golden.json>');
    process.exit(2);
  }
  const golden = readGolden(goldenPath);
  const session = OnnxSession.open(graph);
  const outputs = await session.run(goldenFeeds(golden));
  session.dispose();
  const mismatches = compareWithGolden(golden, outputs);
  for (const m of mismatches) console.error(`MISMATCH ${m.output}: ${m.message}`);
  if (mismatches.length > 0) process.exit(1);
  console.log(`ok: ${Object.keys(golden.outputs).join(', ')} match torch within ${golden.tolerance}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
