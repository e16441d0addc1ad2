// A value read from the database and kept for a while: lists that change seldom (municipalities, the names
// of organizations, the finder's options) and that many pages show. A failed load is not kept.

/** A loader that reloads its value at most once every `ms` milliseconds (one minute by default). */
export function recentValue<T>(load: () => Promise<T>, ms = 60_000): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > ms) {
      const value = load();
      cached = { at: Date.now(), value };
      value.catch(() => (cached = undefined));
    }
    return cached.value;
  };
}
