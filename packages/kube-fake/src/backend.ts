/** One container the kubelet asks a backend to run. */
export interface ContainerRun {
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  /** 0 for the first run, then one more per restart. */
  attempt: number;
  image: string;
  /** Replaces the image's ENTRYPOINT (Kubernetes `command`). */
  command?: string[];
  /** Replaces the image's CMD (Kubernetes `args`). */
  args?: string[];
  env: Record<string, string>;
  memoryBytes: number | null;
  /** DNS names other pods of the namespace reach this one by (the Services selecting it). */
  aliases: string[];
}

/** What the kubelet needs to know of a container after starting it. */
export interface ContainerInfo {
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  startedAt: string;
  finishedAt: string;
  ip: string;
}

/** A log line with its RFC 3339 (nanosecond) timestamp, as the container runtime recorded it. */
export interface LogRecord {
  stamp: string;
  text: string;
}

/** Resource usage of one running container, as metrics-server reports it. */
export interface ContainerUsage {
  /** CPU in nanocores, averaged over `windowMs`. */
  cpuNanoCores: number;
  /** Working set in bytes (memory usage minus inactive page cache: what the OOM killer looks at). */
  memoryBytes: number;
  /** When the sample was taken. */
  timestamp: Date;
  /** Length of the window the CPU rate was measured over. */
  windowMs: number;
}

/** A probe the kubelet runs against a container. */
export type ProbeTarget = { kind: 'http'; port: number; path: string } | { kind: 'tcp'; port: number };

/** Raised when an image cannot be had; becomes ErrImagePull / ImagePullBackOff. */
export class ImagePullError extends Error {}

/** Raised when a container cannot be created or started; becomes a terminated state with reason StartError. */
export class StartError extends Error {}

/** The container runtime under the fake kubelet: Docker (real processes) or a simulation. */
export interface ContainerBackend {
  ensureImage(image: string): Promise<void>;
  /** Creates and starts a container; returns its id. */
  run(spec: ContainerRun): Promise<string>;
  /** Null when the container is gone. */
  inspect(id: string): Promise<ContainerInfo | null>;
  stop(id: string, graceSeconds: number): Promise<void>;
  remove(id: string): Promise<void>;
  probe(id: string, ip: string, target: ProbeTarget, timeoutMs: number): Promise<boolean>;
  logs(id: string, options: { tail?: number; sinceMs?: number; follow: boolean; signal: AbortSignal }): AsyncIterable<LogRecord>;
  /** A one-shot usage sample; null when the container is not running. */
  stats(id: string): Promise<ContainerUsage | null>;
  /** Drops per-namespace resources (networks) once the namespace is gone. */
  removeNamespace(namespace: string): Promise<void>;
  close(): Promise<void>;
}
