import { ValidationError } from '../../../errors.js';

/** Dyno states, spelled as the Platform Apps API reports them in `GET /apps/{app}/dynos`. */
export const DYNO_STATES = [
  'start-failure',
  'app-crashed',
  'waiting',
  'pending',
  'probe-failure',
  'stopping',
  'stopped',
  'running',
] as const;

/** One of the API's dyno states. */
export type DynoState = (typeof DYNO_STATES)[number];

/** The process type that receives HTTP traffic; only it is published and rolled with zero downtime. */
export const WEB_PROCESS_TYPE = 'web';

/** Port a web process listens on when its formation names none (the container learns it from `PORT`). */
export const DEFAULT_WEB_PORT = 5000;

/** A name and id pair, enough for drivers to label what they create and for logs to say whose it is. */
export interface NamedRef {
  id: string;
  name: string;
}

/** The release a desired state comes from; dynos carry it so `GET /dynos` can report it. */
export interface ReleaseRef {
  id: string;
  version: number;
}

/** What one process type (formation entry) should look like when converged. */
export interface ProcessSpec {
  /** Process type, e.g. `web` or `worker`; a DNS label (lowercase letters, digits, dashes). */
  type: string;
  /** How many dynos of this type should run; 0 removes them all. */
  quantity: number;
  /** Size name, reported back on each dyno. */
  size: string;
  /** Memory limit in bytes resolved from the size (see `parseMemoryQuantity`); null means unlimited. */
  memory_bytes: number | null;
  /** Shell command run instead of the image's default; null keeps the image's CMD/ENTRYPOINT. */
  command: string | null;
  /** Port the process listens on, handed over as `PORT`; required for `web`, optional otherwise. */
  port: number | null;
  /** Relative URL (e.g. `/health`) probed over HTTP on `port`; null means "running is ready". */
  healthcheck: string | null;
}

/**
 * The whole desired state of one app, handed to `RuntimeDriver.converge`. Declarative on purpose:
 * converging the same state twice changes nothing, so a retried job or a restarted controller is safe.
 */
export interface DesiredAppState {
  app: NamedRef;
  space: NamedRef;
  /** The release being run; a new release id rolls every dyno even when nothing else changed. */
  release: ReleaseRef;
  /** Image reference produced by a build (the slug), runnable by this driver's engine. */
  image: string;
  /** Environment without PORT: space config, then addon config, then app config (see `composeEnv`). */
  env: Record<string, string>;
  /** Every process type of the app; types left out are removed. */
  processes: ProcessSpec[];
}

/** A network endpoint where a dyno's port can be reached from the controller's side. */
export interface DynoEndpoint {
  host: string;
  port: number;
}

/** One running (or failing) dyno as the driver sees it; the core adds `app` and `attach_url` for the API. */
export interface DynoStatus {
  /** Stable id of the dyno (unique within the engine). */
  id: string;
  /** Human name, unique within the app, e.g. `web.k2x9f`. */
  name: string;
  type: string;
  state: DynoState;
  /** Whether it takes traffic (web) or its process is up (other types). */
  ready: boolean;
  /** Why it is in this state, human readable; empty when running normally. */
  additional_info: string;
  /** The effective command line (image default when the formation sets none). */
  command: string;
  size: string;
  release: ReleaseRef | null;
  /** Where its port is reachable, when it has one and the driver publishes it. */
  endpoint: DynoEndpoint | null;
  created_at: Date;
  updated_at: Date;
}

/** One log line of an app, attributed to the dyno (or `build`) that wrote it. */
export interface LogLine {
  at: Date;
  /** Dyno name, e.g. `web.k2x9f`. */
  source: string;
  text: string;
}

/** Options of `RuntimeDriver.logs`, mirroring `POST /apps/{app}/log-sessions`. */
export interface LogOptions {
  /** How many of the most recent lines to return (across all dynos); default 100. */
  lines?: number;
  /** Keep following new lines until `signal` aborts or the consumer stops iterating. */
  tail?: boolean;
  /** Only this process type's dynos. */
  type?: string;
  /** Stops a tail. */
  signal?: AbortSignal;
}

/** Formats a log line the way log sessions show it: `2024-01-01T00:00:00.000Z app[web.k2x9f]: text`. */
export function formatLogLine(line: LogLine): string {
  return `${line.at.toISOString()} app[${line.source}]: ${line.text}`;
}

const BINARY_UNITS: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_UNITS: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * Parses a memory size in Kubernetes quantity notation (`256Mi`, `1Gi`, `512M`, `1e9`, `134217728`)
 * into bytes, because the catalog describes sizes that way and every runtime needs plain bytes.
 */
export function parseMemoryQuantity(quantity: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?(?:[eE][0-9]+)?)\s*([KMGTPE]i|[kKMGTPE])?\s*$/.exec(quantity);
  if (!m) throw new ValidationError(`invalid memory quantity "${quantity}" (expected e.g. 256Mi, 1Gi, 512M)`, 'size');
  const unit = m[2] ?? '';
  const factor = BINARY_UNITS[unit] ?? DECIMAL_UNITS[unit];
  const bytes = Math.round(Number(m[1]) * (factor ?? 1));
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new ValidationError(`memory quantity "${quantity}" is out of range`, 'size');
  }
  return bytes;
}

/** The config layers an app's environment is made of, lowest precedence first. */
export interface EnvLayers {
  space?: Record<string, string>;
  addons?: Record<string, string>;
  app?: Record<string, string>;
}

/**
 * Merges config into the environment a dyno sees: space config, overridden by addon config, overridden by
 * the app's own config. PORT is dropped because the driver sets it per process type.
 */
export function composeEnv(layers: EnvLayers): Record<string, string> {
  const env: Record<string, string> = { ...layers.space, ...layers.addons, ...layers.app };
  delete env.PORT;
  return env;
}

const PROCESS_TYPE = /^[a-z][a-z0-9-]{0,29}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a desired state before any driver acts on it, so drivers can trust its shape and a bad formation
 * fails fast with the field at fault instead of half-converging.
 */
export function validateDesiredState(state: DesiredAppState): void {
  if (!state.image) throw new ValidationError('image is required', 'image');
  const seen = new Set<string>();
  for (const p of state.processes) {
    if (!PROCESS_TYPE.test(p.type)) throw new ValidationError(`invalid process type "${p.type}"`, 'type');
    if (seen.has(p.type)) throw new ValidationError(`process type "${p.type}" listed twice`, 'type');
    seen.add(p.type);
    if (!Number.isInteger(p.quantity) || p.quantity < 0) {
      throw new ValidationError(`quantity of "${p.type}" must be a non-negative integer`, 'quantity');
    }
    if (p.port !== null && (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)) {
      throw new ValidationError(`port of "${p.type}" must be between 1 and 65535`, 'port');
    }
    if (p.type === WEB_PROCESS_TYPE && p.port === null) throw new ValidationError('the web process needs a port', 'port');
    if (p.healthcheck !== null) {
      if (!p.healthcheck.startsWith('/')) {
        throw new ValidationError(`healthcheck of "${p.type}" must be a relative URL starting with /`, 'healthcheck');
      }
      if (p.port === null) throw new ValidationError(`healthcheck of "${p.type}" needs a port`, 'healthcheck');
    }
    if (p.memory_bytes !== null && (!Number.isSafeInteger(p.memory_bytes) || p.memory_bytes <= 0)) {
      throw new ValidationError(`memory limit of "${p.type}" must be a positive number of bytes`, 'size');
    }
  }
  for (const key of Object.keys(state.env)) {
    if (!ENV_NAME.test(key)) throw new ValidationError(`invalid config var name "${key}"`, 'env');
  }
}
