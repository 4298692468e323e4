import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const README = join(__dirname, '../README.md');
const OUTER_START = '<!-- fraud:start -->';
const OUTER_END = '<!-- fraud:end -->';

/**
 * Writes one part (latency or thresholds) of the `## fraud` section of bench/README.md, keeping the
 * other part and every other suite's section as they are.
 */
export function writeReadmePart(part: 'latency' | 'thresholds', markdown: string): void {
  let readme = existsSync(README) ? readFileSync(README, 'utf8') : '# Benchmarks\n';
  if (!readme.includes(OUTER_START)) {
    const skeleton = [
      OUTER_START,
      '## fraud',
      '',
      '`npm run bench -- fraud` runs both parts below (`npm run bench -- fraud latency` or `npm run bench -- fraud thresholds` runs one).',
      '',
      '<!-- fraud-latency:start -->',
      '<!-- fraud-latency:end -->',
      '',
      '<!-- fraud-thresholds:start -->',
      '<!-- fraud-thresholds:end -->',
      OUTER_END,
    ].join('\n');
    readme = `${readme.trimEnd()}\n\n${skeleton}\n`;
  }
  const start = `<!-- fraud-${part}:start -->`;
  const end = `<!-- fraud-${part}:end -->`;
  const before = readme.slice(0, readme.indexOf(start) + start.length);
  const after = readme.slice(readme.indexOf(end));
  writeFileSync(README, `${before}\n${markdown.trim()}\n${after}`);
}
