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

/** Answers a command APDU: the response, `null` to leave the field, `'silent'` to never answer. */
export type ApduHandler = (apdu: Buffer) => Buffer | null | 'silent';

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
    if (answer === 'silent') return;
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

// ---------------------------------------------------------------- a Smart OTP card with fault modes

export const DEFAULT_AID = 'D4100000014F5450';

export type CardMode =
  | 'good'
  /** SELECT answers an FCI before 90 00, as many real applets do. */
  | 'fci'
  /** No OTP application: SELECT → 6A 82. */
  | 'not-smart-otp'
  /** The identity read answers `status` (default 69 85). */
  | 'status'
  /** The identity read answers bytes that are no BER-TLV (an impossible length form). */
  | 'garbage'
  /** The identity read answers one byte: shorter than a status word. */
  | 'short'
  /** A TLV whose length runs past the end. */
  | 'tlv-overrun'
  /** The serial has 11 digits. */
  | 'wrong-digits'
  /** No serial tag at all. */
  | 'missing-tag'
  /** The card leaves the field when the identity read arrives. */
  | 'leave-mid-command'
  /** The card never answers the identity read. */
  | 'silent';

export interface SmartOtpCardOptions {
  vendorCode?: string;
  serial?: string;
  /** Issuing institution (tag C3); null leaves the optional tag out. */
  institution?: string | null;
  uid?: Buffer;
  mode?: CardMode;
  status?: [number, number];
}

const tlv = (tag: number, value: Buffer) => Buffer.concat([Buffer.from([tag, value.length]), value]);
const ascii = (text: string) => Buffer.from(text, 'latin1');

/** The card protocol of SMART-OTP-CARD.md, answered the way `mode` says. */
export function smartOtpCard(options: SmartOtpCardOptions = {}): ApduHandler {
  const { vendorCode = '003', serial = '300000000004', institution = '020', mode = 'good', status = [0x69, 0x85] } = options;
  const uid = options.uid ?? Buffer.from([0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]);
  const select = Buffer.concat([Buffer.from([0x00, 0xa4, 0x04, 0x00, DEFAULT_AID.length / 2]), Buffer.from(DEFAULT_AID, 'hex'), Buffer.from([0x00])]);

  const identity = (): Buffer => {
    const parts = [tlv(0xc1, ascii(vendorCode)), tlv(0xc2, ascii(mode === 'wrong-digits' ? serial.slice(0, 11) : serial))];
    if (mode === 'missing-tag') parts.splice(1, 1);
    if (institution) parts.push(tlv(0xc3, ascii(institution)));
    if (mode === 'tlv-overrun') parts.push(Buffer.from([0xc4, 0x20, 0x01, 0x02]));
    return Buffer.concat(parts);
  };

  return (apdu) => {
    if (apdu[0] === 0xff && apdu[1] === 0xca) return Buffer.concat([uid, SW_OK]);
    if (apdu.equals(select)) {
      if (mode === 'not-smart-otp') return Buffer.from([0x6a, 0x82]);
      return mode === 'fci' ? Buffer.concat([Buffer.from('6F078407D4100000014F54', 'hex'), SW_OK]) : SW_OK;
    }
    if (apdu[0] === 0x00 && apdu[1] === 0xa4) return Buffer.from([0x6a, 0x82]); // any other AID
    if (apdu[0] === 0x80 && apdu[1] === 0xca) {
      switch (mode) {
        case 'status':
          return Buffer.from(status);
        case 'garbage':
          return Buffer.concat([Buffer.from([0xc1, 0x85, 0xde, 0xad, 0xbe, 0xef]), SW_OK]);
        case 'short':
          return Buffer.from([0x90]);
        case 'leave-mid-command':
          return null;
        case 'silent':
          return 'silent';
        default:
          return Buffer.concat([identity(), SW_OK]);
      }
    }
    return Buffer.from([0x6d, 0x00]);
  };
}

