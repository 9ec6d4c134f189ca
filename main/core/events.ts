import type { AppEvent, AppEvents, EventName } from '../../shared/events';

/** Main's side of the event stream; transports subscribe and forward to the renderer. */
export class EventBus {
  private readonly listeners = new Set<(event: AppEvent) => void>();

  emit<E extends EventName>(name: E, payload: AppEvents[E]): void {
    const event = { name, payload } as AppEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber (a closed SSE stream) must not stop the others.
      }
    }
  }

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
