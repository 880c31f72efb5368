import { request, type IncomingMessage } from 'node:http';

/** A response of the Docker Engine API: status and parsed JSON (or text) body. */
export interface DockerResponse {
  status: number;
  body: unknown;
}

/** Error from the engine with its HTTP status and message. */
export class DockerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A minimal Docker Engine API client over a unix socket (or tcp), enough for the fake kubelet: the test kit stays
 * free of a Docker SDK dependency, and every call is a plain documented endpoint.
 */
export class DockerApi {
  private readonly socketPath: string | null;
  private readonly hostname: string;
  private readonly port: number;

  constructor(host: string, private readonly version = 'v1.41') {
    if (host.startsWith('unix://')) {
      this.socketPath = host.slice('unix://'.length);
      this.hostname = 'localhost';
      this.port = 0;
    } else {
      const url = new URL(host.replace(/^tcp:/, 'http:'));
      this.socketPath = null;
      this.hostname = url.hostname;
      this.port = Number(url.port || 2375);
    }
  }

  private open(method: string, path: string, headers: Record<string, string> = {}): ReturnType<typeof request> {
    const base = this.socketPath ? { socketPath: this.socketPath } : { host: this.hostname, port: this.port };
    return request({ ...base, method, path: `/${this.version}${path}`, headers });
  }

  /** Sends a request and returns the raw response stream (logs, build output). */
  stream(method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = this.open(method, path, body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)), ...headers } : headers);
      req.on('response', resolve);
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** Builds an image tagged `tag` from a tar build context; a failed step (an `error` in the output) throws. */
  async build(tag: string, context: Buffer, labels: Record<string, string> = {}): Promise<void> {
    const q = new URLSearchParams({ t: tag, rm: '1', labels: JSON.stringify(labels) });
    const res = await this.stream('POST', `/build?${q}`, context, { 'Content-Type': 'application/x-tar' });
    let out = '';
    for await (const c of res) out += (c as Buffer).toString('utf8');
    if ((res.statusCode ?? 500) >= 400 || /"error"/.test(out)) throw new Error(`building ${tag} failed: ${out.slice(-500)}`);
  }

  /** Sends JSON (if any) and reads the whole answer; non-2xx becomes a DockerApiError. */
  async call(method: string, path: string, body?: unknown): Promise<DockerResponse> {
    const res = await this.stream(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'Content-Type': 'application/json' });
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Some endpoints answer plain text.
    }
    const status = res.statusCode ?? 0;
    if (status >= 400) {
      const message = parsed && typeof parsed === 'object' && 'message' in parsed ? String((parsed as { message: unknown }).message) : text;
      throw new DockerApiError(status, message);
    }
    return { status, body: parsed };
  }
}
