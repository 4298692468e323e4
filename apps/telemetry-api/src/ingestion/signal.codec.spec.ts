import { decodeFloat32, encodeFloat32, firstNonFinite, fromChunks, toChunks } from './signal.codec';

describe('signal codec', () => {
  it('round-trips float32 samples through bytes and chunks, whatever the chunk size', () => {
    const samples = Float32Array.from({ length: 10_001 }, (_, i) => Math.sin(i) * 3.5);
    for (const size of [1_024, 4_096, 20_000]) {
      const chunks = toChunks(samples, size);
      expect(chunks.length).toBe(Math.ceil(samples.length / size));
      expect(chunks.every((c) => c.data.byteLength === c.samples * 4)).toBe(true);
      expect(fromChunks(chunks)).toEqual(samples);
    }
  });

  it('reads little-endian float32 from an unaligned buffer', () => {
    const bytes = Buffer.alloc(13);
    bytes.writeFloatLE(1.5, 1);
    bytes.writeFloatLE(-2.25, 5);
    bytes.writeFloatLE(1e-3, 9);
    expect(Array.from(decodeFloat32(bytes, 1, 3))).toEqual([1.5, -2.25, Math.fround(1e-3)]);
    expect(Array.from(decodeFloat32(encodeFloat32([0.5, 4])))).toEqual([0.5, 4]);
  });

  it('finds the first NaN or infinite sample', () => {
    expect(firstNonFinite([0, 1, 2])).toBe(-1);
    expect(firstNonFinite([0, NaN, Infinity])).toBe(1);
    expect(firstNonFinite(Float32Array.from([0, 0, -Infinity]))).toBe(2);
  });

  it('refuses a chunk whose bytes do not match its sample count', () => {
    expect(() => fromChunks([{ samples: 3, data: new Uint8Array(8) }])).toThrow(/8 bytes for 3 samples/);
  });
});
