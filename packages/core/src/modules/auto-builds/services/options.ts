import type { AddressPolicy } from '../../../kernel/address-policy.js';
import type { SourceControl } from '../../source-control/source-control.js';

/** Settings of the auto-builds module. */
export interface AutoBuildOptions {
  /** The source-control host repositories live on (GitHub). */
  sourceControl: SourceControl;
  /**
   * Base URL the host reaches this controller at, for the callback URL registered on repositories
   * (`<publicUrl>/apps/<app>/builds/auto/github`); the URL the registering request came in on when absent.
   */
  publicUrl?: string;
  /** The outbound address policy archive downloads are made under (they leave the API host for a download host). */
  policy: AddressPolicy;
  /** Fetch enforcing `policy` at connect time, for archive downloads; the global fetch (literal checks only) when absent. */
  archiveFetch?: typeof globalThis.fetch;
  /** Platform key sealing hook secrets at rest; registration is refused without one. */
  secretKey?: string | Uint8Array;
  /** Largest commit archive built, in bytes; default 64 MiB. */
  maxArchiveBytes?: number;
  /** Largest callback body accepted (413 past it); default 5 MiB. */
  maxCallbackBytes?: number;
  /** First delay between polls of a commit's checks (status_check) and of a running build; default 5 s. */
  pollMs?: number;
  /** Longest delay between polls; default 2 minutes. */
  pollCapMs?: number;
  /** How long a push waits for its checks before giving up; default 6 hours. */
  checksTimeoutMs?: number;
}

/** Default callback body limit: GitHub caps payloads at 25 MB, but pushes Slipway acts on are far smaller. */
export const DEFAULT_MAX_CALLBACK_BYTES = 5 * 1024 * 1024;
