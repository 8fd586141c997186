import type { CardIdentity } from '../../shared/card.js';
import {
  CardReadError,
  expectSuccess,
  GET_UID,
  identityFromRecord,
  READ_IDENTITY,
  selectCommand,
  type CardProtocolConfig,
} from './card-protocol.js';

/** Sends one command APDU; resolves with the response (empty when the card vanished). */
export type Transmit = (command: Buffer, responseMaxLength: number) => Promise<Buffer>;

export interface ReadCardOptions {
  protocol: CardProtocolConfig;
  /** A card that does not answer one command in this time is CARD_TIMEOUT. */
  apduTimeoutMs: number;
}

/**
 * Reads a tapped card: UID, SELECT of the OTP application, the identity record. Every command is
 * bounded by a timeout, so a card that misbehaves costs at most three timeouts, never a hang.
 */
export async function readSmartOtpCard(transmit: Transmit, options: ReadCardOptions): Promise<{ uid: string; card: CardIdentity }> {
  const send = (command: Buffer, max: number) => bounded(transmit, command, max, options.apduTimeoutMs);
  const uid = await readUid(send);
  expectSuccess(await send(selectCommand(options.protocol.aid), 258));
  const record = expectSuccess(await send(READ_IDENTITY, 258));
  return { uid, card: identityFromRecord(record, options.protocol) };
}

async function bounded(transmit: Transmit, command: Buffer, max: number, timeoutMs: number): Promise<Buffer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CardReadError('CARD_TIMEOUT')), timeoutMs);
  });
  try {
    // nfc-pcsc's transmit throws synchronously when the card is already gone.
    let sent: Promise<Buffer>;
    try {
      sent = transmit(command, max);
    } catch {
      throw new CardReadError('CARD_REMOVED');
    }
    return await Promise.race([sent.catch((error: unknown) => Promise.reject(transmitFailure(error))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** PC/SC's own words for a failed transmit: the card left, went quiet, or the reader failed. */
function transmitFailure(error: unknown): CardReadError {
  const text = error instanceof Error ? `${error.message} ${String((error as { previous?: unknown }).previous ?? '')}` : String(error);
  if (/removed|reset|0x80100069|0x80100068/i.test(text)) return new CardReadError('CARD_REMOVED');
  if (/unresponsive|0x80100066/i.test(text)) return new CardReadError('CARD_TIMEOUT');
  return new CardReadError('READER_ERROR', text.slice(0, 64));
}

/**
 * The UID is for the record only: a reader or card that refuses the pseudo-APDU (a status word)
 * still lets us read the identity. A card that left or went quiet ends the read as usual.
 */
async function readUid(send: (command: Buffer, max: number) => Promise<Buffer>): Promise<string> {
  try {
    return expectSuccess(await send(GET_UID, 12)).toString('hex').toUpperCase();
  } catch (error) {
    if (error instanceof CardReadError && ['NOT_SMART_OTP', 'CONDITIONS_NOT_SATISFIED', 'UNKNOWN_INSTRUCTION', 'UNEXPECTED_STATUS'].includes(error.code)) {
      return '';
    }
    throw error;
  }
}

