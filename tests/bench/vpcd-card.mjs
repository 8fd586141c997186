// A minimal virtual Smart OTP card for pcscd's vpcd reader, in plain JavaScript for the benchmarks
// (tests/support/virtual-card.ts is TypeScript, and benchmarks run without a build step of their
// own). Framing as in SMART-OTP-CARD.md: the card is the TCP client; frames both ways are a 2-byte
// big-endian length, then the payload. A 1-byte payload is a control message (00 off, 01 on,
// 02 reset, 04 "send your ATR" — only 04 is answered); anything longer is a command APDU.
// Closing the socket is the card leaving the field.
import { connect } from 'node:net';

export const VPCD_PORT = 35963;
/** A PC/SC ISO 14443-4 card, what a Smart OTP card is. */
export const ISO14443_4_ATR = Buffer.from([0x3b, 0x81, 0x80, 0x01, 0x80, 0x80]);
export const DEFAULT_AID = 'D4100000014F5450';

const SW_OK = Buffer.from([0x90, 0x00]);
const tlv = (tag, text) => Buffer.concat([Buffer.from([tag, text.length]), Buffer.from(text, 'latin1')]);

/** A good card: UID, SELECT of the default AID, identity record C1 / C2 / C3. Anything else: 6D 00. */
export function goodCard({ uid = Buffer.from([0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]), vendorCode = '003', serial = '300000000004', institution = '020' } = {}) {
  const select = Buffer.concat([Buffer.from([0x00, 0xa4, 0x04, 0x00, DEFAULT_AID.length / 2]), Buffer.from(DEFAULT_AID, 'hex'), Buffer.from([0x00])]);
  const identity = Buffer.concat([tlv(0xc1, vendorCode), tlv(0xc2, serial), tlv(0xc3, institution), SW_OK]);
  return (apdu) => {
    if (apdu[0] === 0xff && apdu[1] === 0xca) return Buffer.concat([uid, SW_OK]);
    if (apdu.equals(select)) return SW_OK;
    if (apdu[0] === 0x80 && apdu[1] === 0xca) return identity;
    return Buffer.from([0x6d, 0x00]);
  };
}

/**
 * Puts a card in the field: connects to vpcd and answers until removed. Resolves once connected,
 * with `connectedAt` (process.hrtime.bigint() at the TCP connect), `firstControlAt` (when vpcd first
 * spoke to the card, i.e. noticed it; null until then) and `remove()`.
 */
export function insertCard({ port = VPCD_PORT, atr = ISO14443_4_ATR, respond = goodCard() } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    let buffered = Buffer.alloc(0);
    const closed = new Promise((done) => socket.once('close', done));
    const card = {
      connectedAt: 0n,
      firstControlAt: null,
      apdus: 0,
      async remove() {
        socket.destroy();
        await closed;
      },
    };
    const send = (payload) => {
      const header = Buffer.alloc(2);
      header.writeUInt16BE(payload.length);
      socket.write(Buffer.concat([header, payload]));
    };
    const handle = (payload) => {
      if (payload.length === 1) {
        card.firstControlAt ??= process.hrtime.bigint();
        if (payload[0] === 0x04) send(atr);
        return;
      }
      card.apdus += 1;
      send(respond(payload));
    };
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) return;
        const payload = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        handle(payload);
      }
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      card.connectedAt = process.hrtime.bigint();
      socket.off('error', reject);
      socket.on('error', () => {}); // a reset by pcscd is the card leaving
      resolve(card);
    });
  });
}
