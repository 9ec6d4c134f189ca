import type { AppEvent, AppEvents, EventName } from '../../shared/events';

export interface EventBusOptions {
  /**
   * True while the writer's connection is inside a transaction: events emitted then are held and
   * sent once it has committed (or rolled back), so a screen that reloads on an event, from a
   * reader's connection (worker/readers.ts), never reads the state from before the change.
   */
  inTransaction?: () => boolean;
}

/** Main's side of the event stream; transports subscribe and forward to the renderer. */
export class EventBus {
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private readonly held: AppEvent[] = [];
  private flushing = false;

  constructor(private readonly options: EventBusOptions = {}) {}

  emit<E extends EventName>(name: E, payload: AppEvents[E]): void {
    const event = { name, payload } as AppEvent;
    if (this.held.length > 0 || this.options.inTransaction?.()) {
      // In order: nothing overtakes an event still held.
      this.held.push(event);
      this.flushAfterCommit();
      return;
    }
    this.deliver(event);
  }

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private deliver(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber (a closed SSE stream) must not stop the others.
      }
    }
  }

  /**
   * better-sqlite3's transactions are synchronous: one begun in a function has ended by the next
   * turn of the event loop, unless it was opened by hand around an await; then it is checked again.
   */
  private flushAfterCommit(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      if (this.options.inTransaction?.()) {
        this.flushAfterCommit();
        return;
      }
      for (const event of this.held.splice(0)) this.deliver(event);
    });
  }
}
