import Docker from 'dockerode';
import { ValidationError } from '@slipway/core';

/** How to reach the Docker engine; defaults follow the docker CLI (DOCKER_HOST, then /var/run/docker.sock). */
export interface DockerConnectionOptions {
  /** `unix:///path/docker.sock`, `tcp://host:2375` or `http(s)://host:port`; DOCKER_HOST when absent. */
  host?: string;
  /** Engine API version to speak; 1.41 works with dockerd 20.10 and later. */
  apiVersion?: string;
  /** Per-request socket timeout in ms (builds and log follows are exempt in practice: they keep data flowing). */
  timeoutMs?: number;
}

/** Opens a dockerode client for the given (or ambient) engine address. */
export function connectDocker(options: DockerConnectionOptions = {}): Docker {
  const host = options.host ?? process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const version = options.apiVersion ?? 'v1.41';
  const base = { version: version.startsWith('v') ? version : `v${version}`, timeout: options.timeoutMs };
  if (host.startsWith('unix://')) return new Docker({ ...base, socketPath: host.slice('unix://'.length) });
  if (host.startsWith('/')) return new Docker({ ...base, socketPath: host });
  let url: URL;
  try {
    url = new URL(host.replace(/^tcp:/, 'http:'));
  } catch {
    throw new ValidationError(`invalid Docker host "${host}"`, 'host');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError(`unsupported Docker host scheme ${url.protocol}`, 'host');
  return new Docker({ ...base, host: url.hostname, port: url.port || (url.protocol === 'https:' ? 2376 : 2375), protocol: url.protocol.slice(0, -1) as 'http' | 'https' });
}
