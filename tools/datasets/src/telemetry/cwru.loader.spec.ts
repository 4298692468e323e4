import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCwru } from './cwru.loader';

const datasets = resolve(__dirname, '../../../../../shared/datasets');
const present = existsSync(join(datasets, 'cwru-bearing'));

// The real files live beside the repository (CI has them); without them this spec has nothing to read.
(present ? describe : describe.skip)('loadCwru on the shared CWRU files', () => {
  it('finds the 36 drive-end fault recordings at 12 kHz and the 48 kHz healthy one', () => {
    const recordings = loadCwru(datasets);
    expect(recordings).toHaveLength(37);
    expect(recordings.filter((r) => r.sampleRateHz === 12_000)).toHaveLength(36);
    const normal = recordings.find((r) => r.label === 'normal');
    expect(normal?.sampleRateHz).toBe(48_000);
    expect(normal?.vibration.length).toBe(243_938);
    const ir = recordings.find((r) => r.id === 'IR007_3');
    expect(ir).toMatchObject({ label: 'inner_race', loadHp: 3, diameterInches: 0.007 });
    for (const r of recordings) expect(r.rpm).toBeGreaterThan(1700);
  });
});

describe('loadCwru without data', () => {
  it('says where the files were expected', () => {
    expect(() => loadCwru('/nonexistent')).toThrow(/CWRU bearing data not found/);
  });
});
