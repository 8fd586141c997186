// nfc-pcsc 0.8.1 ships no types; this declares the part the reader service uses.
declare module 'nfc-pcsc' {
  import { EventEmitter } from 'node:events';

  export interface Card {
    atr?: Buffer;
    standard?: string;
  }

  export class Reader extends EventEmitter {
    readonly name: string;
    autoProcessing: boolean;
    readonly card: Card | null;
    transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
    close(): void;
    on(event: 'card' | 'card.off', listener: (card: Card) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'end', listener: () => void): this;
  }

  export class NFC extends EventEmitter {
    constructor(logger?: unknown);
    close(): void;
    on(event: 'reader', listener: (reader: Reader) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }
}
