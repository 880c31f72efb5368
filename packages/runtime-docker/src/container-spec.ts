import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { WEB_PROCESS_TYPE, type DesiredAppState, type NamedRef, type ProcessSpec, type ReleaseRef } from '@slipway/core';
import { LABEL, dockerSafe } from './labels.js';

/** Everything one dyno is made from; recoverable from a container's labels and config, so restarts can clone. */
export interface DynoSpec {
  app: NamedRef;
  space: NamedRef;
  release: ReleaseRef;
  image: string;
  env: Record<string, string>;
  process: Omit<ProcessSpec, 'quantity'>;
}

/** Knobs of the container shape that come from driver options rather than the desired state. */
export interface ContainerShape {
  network: string;
  /** Host address published web ports bind to. */
  publishHost: string;
  healthIntervalMs: number;
  extraLabels: Record<string, string>;
}

/** The dyno specs of a desired state, one per process type. */
export function dynoSpecs(state: DesiredAppState): Array<DynoSpec & { quantity: number }> {
  return state.processes.map(({ quantity, ...process }) => ({
    app: state.app,
    space: state.space,
    release: state.release,
    image: state.image,
    env: state.env,
    process,
    quantity,
  }));
}

/** A digest of what makes a dyno different; equal hashes mean "leave the running dyno alone". */
export function specHash(spec: DynoSpec, shape: ContainerShape): string {
  const env = Object.entries(spec.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const material = JSON.stringify([spec.release.id, spec.image, env, spec.process, shape.network, shape.publishHost]);
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The health probe run inside the container; busybox/alpine have wget, Debian-likes usually curl. */
export function healthCommand(port: number, path: string): string {
  const url = quote(`http://127.0.0.1:${port}${path}`);
  return `wget -q -O /dev/null ${url} || curl -fsS -o /dev/null ${url}`;
}

/** Whether a dyno of this spec gets a published host port (only web takes outside traffic). */
export function isPublished(process: Pick<ProcessSpec, 'type' | 'port'>): boolean {
  return process.type === WEB_PROCESS_TYPE && process.port !== null;
}

/** Container creation options for one dyno named `dyno` (`web.k2x9f`). */
export function containerOptions(spec: DynoSpec, shape: ContainerShape, dyno: string): Docker.ContainerCreateOptions {
  const p = spec.process;
  const env = Object.entries(spec.env)
    .filter(([k]) => k !== 'PORT')
    .map(([k, v]) => `${k}=${v}`);
  if (p.port !== null) env.push(`PORT=${p.port}`);
  const labels: Record<string, string> = {
    ...shape.extraLabels,
    [LABEL.managed]: 'true',
    [LABEL.appId]: spec.app.id,
    [LABEL.appName]: spec.app.name,
    [LABEL.spaceId]: spec.space.id,
    [LABEL.spaceName]: spec.space.name,
    [LABEL.type]: p.type,
    [LABEL.dyno]: dyno,
    [LABEL.releaseId]: spec.release.id,
    [LABEL.releaseVersion]: String(spec.release.version),
    [LABEL.size]: p.size,
    [LABEL.port]: p.port === null ? '' : String(p.port),
    [LABEL.command]: p.command ?? '',
    [LABEL.healthcheck]: p.healthcheck ?? '',
    [LABEL.specHash]: specHash(spec, shape),
  };
  const ns = (ms: number) => ms * 1_000_000;
  const portKey = `${p.port}/tcp`;
  return {
    name: dockerSafe(`${spec.space.name}.${spec.app.name}.${dyno}`),
    Image: spec.image,
    Env: env,
    Labels: labels,
    // Heroku semantics: a formation command replaces the image's entrypoint and runs through a shell.
    ...(p.command !== null ? { Entrypoint: ['/bin/sh', '-c'], Cmd: [p.command] } : {}),
    ...(p.port !== null ? { ExposedPorts: { [portKey]: {} } } : {}),
    ...(p.healthcheck !== null && p.port !== null
      ? {
          Healthcheck: {
            Test: ['CMD-SHELL', healthCommand(p.port, p.healthcheck)],
            Interval: ns(shape.healthIntervalMs),
            Timeout: ns(Math.max(1000, shape.healthIntervalMs)),
            Retries: 3,
            StartPeriod: ns(shape.healthIntervalMs * 10),
          },
        }
      : {}),
    HostConfig: {
      // tini as PID 1 forwards SIGTERM and reaps zombies, so a stop takes milliseconds, not the 10 s kill timeout.
      Init: true,
      RestartPolicy: { Name: 'unless-stopped' },
      NetworkMode: shape.network,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      ...(p.memory_bytes !== null ? { Memory: p.memory_bytes, MemorySwap: p.memory_bytes } : {}),
      ...(isPublished(p) ? { PortBindings: { [portKey]: [{ HostIp: shape.publishHost, HostPort: '' }] } } : {}),
    },
    NetworkingConfig: {
      EndpointsConfig: {
        [shape.network]: { Aliases: p.type === WEB_PROCESS_TYPE ? [spec.app.name, `${spec.app.name}-${p.type}`] : [`${spec.app.name}-${p.type}`] },
      },
    },
  };
}

/** Rebuilds the spec a container was created from (labels + config), so a restart can start an identical twin. */
export function specFromContainer(info: Docker.ContainerInspectInfo): DynoSpec {
  const l = info.Config.Labels ?? {};
  const env: Record<string, string> = {};
  for (const kv of info.Config.Env ?? []) {
    const i = kv.indexOf('=');
    if (i > 0 && kv.slice(0, i) !== 'PORT') env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const port = l[LABEL.port] ? Number(l[LABEL.port]) : null;
  return {
    app: { id: l[LABEL.appId], name: l[LABEL.appName] },
    space: { id: l[LABEL.spaceId], name: l[LABEL.spaceName] },
    release: { id: l[LABEL.releaseId], version: Number(l[LABEL.releaseVersion]) },
    image: info.Config.Image,
    env,
    process: {
      type: l[LABEL.type],
      size: l[LABEL.size],
      memory_bytes: info.HostConfig.Memory ? info.HostConfig.Memory : null,
      command: l[LABEL.command] || null,
      port,
      healthcheck: l[LABEL.healthcheck] || null,
    },
  };
}
