/** Limits of one unpack, defaults applied. */
export interface UnpackLimitsResolved {
  /** Unpacked file bytes at most. */
  maxBytes: number;
  /** Entries at most. */
  maxEntries: number;
}

/** What an unpack wrote. */
export interface UnpackCounts {
  entries: number;
  bytes: number;
}

/** Default unpacked-size cap: 1 GiB. */
export const DEFAULT_MAX_UNPACKED_BYTES = 2 ** 30;

/** Default entry cap: 100 000 entries. */
export const DEFAULT_MAX_ENTRIES = 100_000;
