import { UnprocessableError } from '../../../errors.js';

/**
 * The build's source is unusable (unreachable, checksum mismatch, not an archive, no Dockerfile, bad Procfile).
 * The message is safe to show in build logs: it never contains URL credentials or query strings.
 */
export class BadSourceError extends UnprocessableError {}

/** Where a build's `source_blob.url` points, decided before anything is fetched. */
export type SourceLocation =
  | { kind: 'image'; image: string }
  | { kind: 'data'; url: string }
  | { kind: 'remote'; url: URL };

/** Classifies a source URL: `docker://` images, `data:` URIs (pushed code) and http(s) archives. */
export function parseSourceUrl(url: string): SourceLocation {
  if (url.startsWith('docker://')) {
    const image = url.slice('docker://'.length);
    if (!image || /\s/.test(image)) throw new BadSourceError('docker:// URL names no image', 'url');
    return { kind: 'image', image };
  }
  if (url.startsWith('data:')) return { kind: 'data', url };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadSourceError('source URL is not a valid URL', 'url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new BadSourceError(`source URL scheme ${parsed.protocol} is not supported (use https:, data: or docker://)`, 'url');
  }
  return { kind: 'remote', url: parsed };
}

/** A URL reduced to what may be logged: presigned query strings and userinfo are credentials. */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Whether a checksum has the accepted shape, `sha256:<64 hex digits>` (case-insensitive). */
export function isSha256Checksum(checksum: string): boolean {
  return /^sha256:[0-9a-fA-F]{64}$/.test(checksum.trim());
}

/** Process types declared by a Procfile: type name to command. */
export type ProcessTypes = Record<string, string>;

/** Fails when the formation asks for process types the Procfile does not declare (`web` may use the image CMD). */
export function requireProcessTypes(types: ProcessTypes, wanted: string[]): void {
  const missing = wanted.filter((t) => t !== 'web' && !(t in types));
  if (missing.length) throw new BadSourceError(`Procfile declares no process type ${missing.map((t) => `"${t}"`).join(', ')}`);
}
