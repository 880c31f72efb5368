// Small statistics the bench rows and tools share.

/** The p-th percentile (0-100) of numbers, rounded; null for none. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]) : null;
}
