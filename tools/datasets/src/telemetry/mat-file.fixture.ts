/** Writes small Level 5 .mat files for tests, so that no test needs the real CWRU files. */
import { deflateSync } from 'node:zlib';

export interface FixtureVariable {
  name: string;
  values: ArrayLike<number>;
  /** Stored as miUINT16 (as CWRU stores its RPM) instead of miDOUBLE. */
  asUint16?: boolean;
}

function element(type: number, data: Buffer): Buffer {
  if (data.length <= 4) {
    const small = Buffer.alloc(8);
    small.writeUInt32LE((data.length << 16) | type, 0);
    data.copy(small, 4);
    return small;
  }
  const padded = Buffer.alloc(8 + Math.ceil(data.length / 8) * 8);
  padded.writeUInt32LE(type, 0);
  padded.writeUInt32LE(data.length, 4);
  data.copy(padded, 8);
  return padded;
}

function matrix(variable: FixtureVariable): Buffer {
  const flags = Buffer.alloc(8);
  flags.writeUInt32LE(variable.asUint16 ? 11 : 6, 0);
  const dims = Buffer.alloc(8);
  dims.writeInt32LE(variable.values.length, 0);
  dims.writeInt32LE(1, 4);
  const values = Array.from(variable.values);
  const data = variable.asUint16 ? Buffer.from(Uint16Array.from(values).buffer) : Buffer.from(Float64Array.from(values).buffer);
  const body = Buffer.concat([element(6, flags), element(5, dims), element(1, Buffer.from(variable.name, 'latin1')), element(variable.asUint16 ? 4 : 9, data)]);
  const tag = Buffer.alloc(8);
  tag.writeUInt32LE(14, 0);
  tag.writeUInt32LE(body.length, 4);
  return Buffer.concat([tag, body]);
}

export function writeMatFixture(variables: FixtureVariable[], options: { compressed?: boolean } = {}): Buffer {
  const header = Buffer.alloc(128, ' ');
  header.write('MATLAB 5.0 MAT-file, Platform: test fixture', 0, 'latin1');
  header.writeUInt16LE(0x0100, 124);
  header.write('IM', 126, 'latin1');
  const elements = variables.map((v) => {
    const plain = matrix(v);
    if (!options.compressed) return plain;
    const packed = deflateSync(plain);
    const tag = Buffer.alloc(8);
    tag.writeUInt32LE(15, 0);
    tag.writeUInt32LE(packed.length, 4);
    return Buffer.concat([tag, packed]);
  });
  return Buffer.concat([header, ...elements]);
}
