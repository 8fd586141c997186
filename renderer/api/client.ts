import { contract, type Channel, type ChannelInput, type ChannelOutput } from '../../shared/contract.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { isEventName, events, type EventName, type EventPayload } from '../../shared/events.js';
import type { Transport } from './transport.js';

/** A refused call, carrying the code the screens translate. */
export class ApiError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  onEvent(listener: <E extends EventName>(name: E, payload: EventPayload<E>) => void): () => void;
  onReconnect(listener: () => void): () => void;
}

/** Typed calls over whichever transport we have; answers are checked against the contract again. */
export function createApiClient(transport: Transport): ApiClient {
  return {
    async call(channel, input) {
      const result = await transport.call(channel, input);
      if (!result.ok) throw new ApiError(result.error);
      const parsed = contract[channel].output.safeParse(result.value);
      if (!parsed.success) throw new ApiError({ code: 'INTERNAL', message: `Bad answer on ${channel}` });
      return parsed.data as ChannelOutput<typeof channel>;
    },
    onEvent(listener) {
      return transport.onEvent((name, payload) => {
        if (!isEventName(name)) return;
        const parsed = events[name].safeParse(payload);
        if (parsed.success) listener(name, parsed.data as EventPayload<typeof name>);
      });
    },
    onReconnect(listener) {
      return transport.onEvent((name) => {
        if (name === 'transport.reconnected') listener();
      });
    },
  };
}

/** What to explain for any failure a query or mutation reports. */
export const errorInfoOf = (error: unknown): Pick<ErrorInfo, 'code' | 'details'> =>
  error instanceof ApiError ? error.info : { code: 'INTERNAL' };
