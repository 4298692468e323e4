import { writeMatFixture } from './mat-file.fixture';
import { MatFileError, readMatFile } from './mat-file.reader';

describe('readMatFile', () => {
  const variables = [
    { name: 'X118_DE_time', values: [0.5, -0.25, 1e-3, 7] },
    { name: 'X118RPM', values: [1797], asUint16: true },
  ];

  it.each([false, true])('reads doubles and a small uint16 element (compressed: %s)', (compressed) => {
    const read = readMatFile(writeMatFixture(variables, { compressed }));
    expect(read.map((v) => v.name)).toEqual(['X118_DE_time', 'X118RPM']);
    expect(Array.from(read[0]?.data ?? [])).toEqual([0.5, -0.25, 1e-3, 7]);
    expect(read[0]?.dims).toEqual([4, 1]);
    expect(Array.from(read[1]?.data ?? [])).toEqual([1797]);
  });

  it('refuses what it cannot read instead of guessing', () => {
    expect(() => readMatFile(Buffer.from('not a mat file'))).toThrow(MatFileError);
    const hdf5 = Buffer.alloc(200, ' ');
    hdf5.write('MATLAB 7.3 MAT-file', 0, 'latin1');
    expect(() => readMatFile(hdf5)).toThrow(/v7.3/);
    const truncated = writeMatFixture(variables).subarray(0, 180);
    expect(() => readMatFile(truncated)).toThrow(MatFileError);
  });
});
