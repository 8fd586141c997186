import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract.js';
import type { ErrorInfo } from '../../shared/errors.js';
import type { EventName, EventPayload } from '../../shared/events.js';
import { FIRST_SCREEN_READS, type Transport } from './transport.js';

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
  /** Loads the schemas answers are checked against; App asks once the first screen is up. */
  loadSchemas(): Promise<unknown>;
}

type Schemas = typeof import('./schemas.js');

/**
 * Typed calls over whichever transport we have; answers and events are checked against the
 * contract again. The schemas load after the first screen, so the first screen's reads (which
 * main's router checked before answering) are used without waiting for them; every other answer,
 * and every event, waits for them.
 */
export function createApiClient(transport: Transport): ApiClient {
  let schemas: Schemas | null = null;
  let loading: Promise<Schemas> | null = null;
  const loadSchemas = () => (loading ??= import('./schemas.js').then((loaded) => (schemas = loaded)));
  return {
    async call(channel, input) {
      const result = await transport.call(channel, input);
      if (!result.ok) throw new ApiError(result.error);
      const checks = schemas ?? (FIRST_SCREEN_READS.includes(channel) ? null : await loadSchemas());
      if (!checks) return result.value as ChannelOutput<typeof channel>;
      const parsed = checks.contract[channel].output.safeParse(result.value);
      if (!parsed.success) throw new ApiError({ code: 'INTERNAL', message: `Bad answer on ${channel}` });
      return parsed.data as ChannelOutput<typeof channel>;
    },
    onEvent(listener) {
      return transport.onEvent((name, payload) => {
        const deliver = ({ events, isEventName }: Schemas) => {
          if (!isEventName(name)) return;
          const parsed = events[name].safeParse(payload);
          if (parsed.success) listener(name, parsed.data as EventPayload<typeof name>);
        };
        // Events that come before the schemas wait for them, in the order they came.
        if (schemas) deliver(schemas);
        else void loadSchemas().then(deliver);
      });
    },
    onReconnect(listener) {
      return transport.onEvent((name) => {
        if (name === 'transport.reconnected') listener();
      });
    },
    loadSchemas,
  };
}

/** What to explain for any failure a query or mutation reports. */
export const errorInfoOf = (error: unknown): Pick<ErrorInfo, 'code' | 'details'> =>
  error instanceof ApiError ? error.info : { code: 'INTERNAL' };
