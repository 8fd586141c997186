import type { CardErrorCode, CardIdentity } from '../../shared/card.js';

/**
 * The Smart OTP card protocol of SMART-OTP-CARD.md as pure functions over bytes: the commands to
 * send and the meaning of every answer. No I/O here, so each rule is tested byte by byte.
 */

export interface CardProtocolConfig {
  /** The OTP application's AID (hex). */
  aid: string;
  /** BER-TLV tags (hex) of the identity record. */
  tags: { vendorCode: string; serial: string; issuingInstitution: string };
}

export const DEFAULT_CARD_PROTOCOL: CardProtocolConfig = {
  aid: 'D4100000014F5450',
  tags: { vendorCode: 'C1', serial: 'C2', issuingInstitution: 'C3' },
};

export class CardReadError extends Error {
  constructor(
    readonly code: CardErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code} (${detail})` : code);
    this.name = 'CardReadError';
  }
}

/** PC/SC pseudo-APDU answered by the reader itself: the card's UID. */
export const GET_UID = Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);
/** Proprietary GET DATA of the identity record. */
export const READ_IDENTITY = Buffer.from([0x80, 0xca, 0x00, 0x00, 0x00]);

export function selectCommand(aidHex: string): Buffer {
  const aid = Buffer.from(aidHex, 'hex');
  return Buffer.concat([Buffer.from([0x00, 0xa4, 0x04, 0x00, aid.length]), aid, Buffer.from([0x00])]);
}

const STATUS_ERRORS: Record<string, CardErrorCode> = {
  '6A82': 'NOT_SMART_OTP',
  '6985': 'CONDITIONS_NOT_SATISFIED',
  '6D00': 'UNKNOWN_INSTRUCTION',
};

/**
 * Splits a response APDU into data and status word, refusing anything but 90 00. An empty answer
 * is the card vanishing mid-command (nfc-pcsc resolves an empty buffer then).
 */
export function expectSuccess(response: Buffer): Buffer {
  if (response.length === 0) throw new CardReadError('CARD_REMOVED');
  if (response.length < 2) throw new CardReadError('MALFORMED_RESPONSE', `${response.length} byte answer`);
  const sw = response.subarray(-2).toString('hex').toUpperCase();
  if (sw === '9000') return response.subarray(0, -2);
  throw new CardReadError(STATUS_ERRORS[sw] ?? 'UNEXPECTED_STATUS', sw);
}

/**
 * BER-TLV: tags of one or more bytes (low five bits 1F = more bytes follow), short or long-form
 * lengths (81 xx, 82 xx xx). A length that runs past the buffer is TLV_OVERRUN.
 */
export function parseTlv(data: Buffer): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  let at = 0;
  while (at < data.length) {
    // 00 and FF between objects are padding.
    if (data[at] === 0x00 || data[at] === 0xff) {
      at++;
      continue;
    }
    const tagStart = at;
    if ((data[at++]! & 0x1f) === 0x1f) {
      while (at < data.length && data[at]! & 0x80) at++;
      at++;
    }
    if (at >= data.length) throw new CardReadError('TLV_OVERRUN', 'tag without length');
    const tag = data.subarray(tagStart, at).toString('hex').toUpperCase();

    let length = data[at++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 2) throw new CardReadError('MALFORMED_RESPONSE', `length form ${length.toString(16)}`);
      if (at + count > data.length) throw new CardReadError('TLV_OVERRUN', `length of ${tag}`);
      length = data.readUIntBE(at, count);
      at += count;
    }
    if (at + length > data.length) throw new CardReadError('TLV_OVERRUN', `value of ${tag}`);
    found.set(tag, data.subarray(at, at + length));
    at += length;
  }
  return found;
}

/** Reads vendor code, serial and (optional) issuing institution out of the identity record. */
export function identityFromRecord(record: Buffer, config: CardProtocolConfig): CardIdentity {
  const tlv = parseTlv(record);
  const digits = (tag: string, name: string, count: number, required: boolean): string | undefined => {
    const value = tlv.get(tag.toUpperCase());
    if (!value) {
      if (required) throw new CardReadError('MISSING_TAG', name);
      return undefined;
    }
    const text = value.toString('latin1');
    if (!new RegExp(`^\\d{${count}}$`).test(text)) throw new CardReadError('BAD_VALUE', `${name}: ${value.length} bytes`);
    return text;
  };
  const vendorCode = digits(config.tags.vendorCode, 'vendorCode', 3, true)!;
  const serial = digits(config.tags.serial, 'serial', 12, true)!;
  const issuingInstitutionCode = digits(config.tags.issuingInstitution, 'issuingInstitution', 3, false);
  return issuingInstitutionCode ? { vendorCode, serial, issuingInstitutionCode } : { vendorCode, serial };
}
