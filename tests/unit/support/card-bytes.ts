import { expect } from 'vitest';
import fc from 'fast-check';
import { CardReadError } from '../../../main/reader/card-protocol.js';

export const bytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
export const ascii = (text: string) => Buffer.from(text, 'latin1');
export const hexOf = (buffer: Buffer) => buffer.toString('hex').toUpperCase();

/** The CardReadError `run` throws, as { code, detail }; fails the test when it throws nothing or something else. */
export function failure(run: () => unknown): { code: string; detail: string | undefined } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CardReadError);
    const { code, detail } = error as CardReadError;
    return { code, detail };
  }
  throw new Error('expected a CardReadError, nothing was thrown');
}

// ---------------------------------------------------------------- a BER-TLV encoder (the oracle)

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  return Buffer.from([0x82, length >> 8, length & 0xff]);
}

export const encodeObject = (tag: Buffer, value: Buffer) => Buffer.concat([tag, encodeLength(value.length), value]);

/**
 * A BER-TLV tag that is not padding: one byte whose low five bits are not 1F (and not 00 / FF),
 * or a first byte with low bits 1F, zero or more bytes with bit 8 set, and a last byte without it.
 */
export const tagArbitrary: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .integer({ min: 0x01, max: 0xfe })
    .filter((b) => (b & 0x1f) !== 0x1f)
    .map((b) => Buffer.from([b])),
  fc
    .tuple(
      fc.integer({ min: 0, max: 6 }).map((high) => (high << 5) | 0x1f), // 1F, 3F, ... DF (not FF)
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 2 }),
      fc.integer({ min: 0x00, max: 0x7f }),
    )
    .map(([first, middle, last]) => Buffer.from([first, ...middle, last])),
);

/** Values of every length form: short (0..127), 81 (128..255) and 82 (256..). */
export const valueArbitrary: fc.Arbitrary<Buffer> = fc
  .oneof(
    { weight: 6, arbitrary: fc.uint8Array({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 120, maxLength: 300 }) },
  )
  .map((array) => Buffer.from(array));

export const pairsArbitrary = fc.array(fc.tuple(tagArbitrary, valueArbitrary), { maxLength: 6 });

/** What the parser must give for `pairs`: tag (upper-case hex) → value, a later duplicate winning. */
export const expectedMap = (pairs: [Buffer, Buffer][]) => Object.fromEntries(pairs.map(([tag, value]) => [hexOf(tag), hexOf(value)]));
export const asObject = (map: Map<string, Buffer>) => Object.fromEntries([...map].map(([tag, value]) => [tag, hexOf(value)]));
