import { describe, expect, it } from 'vitest';
import { BlockScratch } from './scratch';

describe('BlockScratch', () => {
  it('hands out zeroed, 8-byte aligned arrays of the block, one after another', () => {
    const buffer = new ArrayBuffer(64);
    new Uint8Array(buffer).fill(255); // what the block held before
    const scratch = new BlockScratch(buffer, 8, 48);
    const ints = scratch.int32(3); // bytes 8–19
    const doubles = scratch.float64(2); // aligned to 24: bytes 24–39
    expect([ints.buffer, ints.byteOffset, Array.from(ints)]).toEqual([buffer, 8, [0, 0, 0]]);
    expect([doubles.buffer, doubles.byteOffset, Array.from(doubles)]).toEqual([buffer, 24, [0, 0]]);
    ints[2] = 7;
    doubles[0] = 1.5;
    expect([ints[2], doubles[0]]).toEqual([7, 1.5]);
  });

  it('gives new arrays once the block is used up, and still fills what fits', () => {
    const buffer = new ArrayBuffer(64);
    const scratch = new BlockScratch(buffer, 0, 32);
    expect(scratch.float64(5).buffer).not.toBe(buffer); // 40 bytes: more than the block
    expect(scratch.float64(4).buffer).toBe(buffer); // 32 bytes: the whole block
    const past = scratch.int32(1);
    expect([past.buffer === buffer, past.length, past[0]]).toEqual([false, 1, 0]);
  });
});
