/** The row whose record is open beside the list, for the rows to read without all being drawn again. */
export interface OpenRowStore {
  get(): number | null;
  set(id: number | null): void;
  subscribe(listener: () => void): () => void;
}

export function createOpenRowStore(): OpenRowStore {
  let openId: number | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => openId,
    set(id) {
      if (id === openId) return;
      openId = id;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
