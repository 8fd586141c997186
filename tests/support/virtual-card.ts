import { connect, type Socket } from 'node:net';

/**
 * A virtual contactless card for pcscd's vpcd reader (SMART-OTP-CARD.md). pcscd listens; the card
 * is the TCP client. Frames both ways: 2-byte big-endian length, then the payload. A 1-byte
 * payload is a control message (00 off, 01 on, 02 reset, 04 "send your ATR"); anything longer is a
 * command APDU to answer. Closing the socket is the card leaving the field.
 */

/** A PC/SC ISO 14443-4 card, what a Smart OTP card is. */
export const ISO14443_4_ATR = Buffer.from([0x3b, 0x81, 0x80, 0x01, 0x80, 0x80]);
export const VPCD_PORT = 35963;

export type ApduHandler = (apdu: Buffer) => Buffer | null;

export interface VirtualCardOptions {
  port?: number;
  atr?: Buffer;
  uid?: Buffer;
  /** Answers a command APDU; null drops the connection mid-command (the card moved away). */
  respond?: ApduHandler;
}

const SW_OK = Buffer.from([0x90, 0x00]);

/** A card that answers the UID pseudo-APDU and nothing else (6D 00 = unknown instruction). */
export function uidOnlyCard(uid: Buffer): ApduHandler {
  return (apdu) =>
    apdu[0] === 0xff && apdu[1] === 0xca ? Buffer.concat([uid, SW_OK]) : Buffer.from([0x6d, 0x00]);
}

export class VirtualCard {
  readonly apdus: Buffer[] = [];
  private buffered = Buffer.alloc(0);
  private closed: Promise<void>;

  private constructor(private readonly socket: Socket, private readonly options: Required<Omit<VirtualCardOptions, 'port'>>) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(chunk));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Puts the card in the reader's field: connects to vpcd and answers until removed. */
  static insert(options: VirtualCardOptions = {}): Promise<VirtualCard> {
    const uid = options.uid ?? Buffer.from([0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6]);
    return new Promise((resolve, reject) => {
      const socket = connect(options.port ?? VPCD_PORT, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', () => {}); // a reset by pcscd is the card leaving; nothing to report
        resolve(
          new VirtualCard(socket, {
            atr: options.atr ?? ISO14443_4_ATR,
            uid,
            respond: options.respond ?? uidOnlyCard(uid),
          }),
        );
      });
    });
  }

  /** Takes the card out of the field. */
  async remove(): Promise<void> {
    this.socket.end();
    this.socket.destroy();
    await this.closed;
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 2) {
      const length = this.buffered.readUInt16BE(0);
      if (this.buffered.length < 2 + length) return;
      const payload = this.buffered.subarray(2, 2 + length);
      this.buffered = this.buffered.subarray(2 + length);
      this.handle(payload);
    }
  }

  private handle(payload: Buffer): void {
    if (payload.length === 1) {
      if (payload[0] === 0x04) this.send(this.options.atr);
      return; // power on/off and reset need no answer
    }
    this.apdus.push(Buffer.from(payload));
    const answer = this.options.respond(payload);
    if (answer === null) {
      this.socket.destroy();
      return;
    }
    this.send(answer);
  }

  private send(payload: Buffer): void {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    this.socket.write(Buffer.concat([header, payload]));
  }
}
