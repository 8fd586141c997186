import type { EventName, EventPayload } from '../../shared/events.js';

export type ConsoleEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** The main process's outbox of live events; each transport subscribes and forwards to its windows. */
export class ConsoleEvents {
  private readonly listeners = new Set<ConsoleEventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  subscribe(listener: ConsoleEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
