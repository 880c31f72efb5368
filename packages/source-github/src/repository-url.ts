import { ValidationError, type RepositoryRef } from '@slipway/core';

// GitHub's rules: owners are 1-39 alphanumerics or single inner hyphens; repository names 1-100 of [A-Za-z0-9._-].
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

function invalid(message: string): ValidationError {
  return new ValidationError(message, 'repo_url');
}

/** Builds the reference of `owner/name` on the web host `web` (no validation: names come from the host). */
export function repositoryRef(web: URL, owner: string, name: string): RepositoryRef {
  const host = web.host.toLowerCase();
  return { host, owner, name, full_name: `${owner}/${name}`, url: `${web.origin}/${owner}/${name}`, key: `${host}/${owner}/${name}`.toLowerCase() };
}

/**
 * Parses `https://<host>/<owner>/<repo>` (optionally `.git`, a trailing slash) on the web host `web`. Credentials,
 * queries, fragments and deeper paths are refused, so a stored repository URL can never carry a token.
 */
export function parseRepositoryUrl(web: URL, input: string): RepositoryRef {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw invalid('repository URL is not a valid URL');
  }
  if (url.username || url.password) throw invalid('repository URL must not contain credentials');
  if (url.protocol !== web.protocol) throw invalid(`repository URL must use ${web.protocol.replace(':', '')}`);
  if (url.host.toLowerCase() !== web.host.toLowerCase()) throw invalid(`repository URL must be on ${web.host}`);
  if (url.search || url.hash) throw invalid('repository URL must not have a query or fragment');
  const parts = url.pathname.replace(/\/+$/, '').split('/').slice(1);
  if (parts.length !== 2) throw invalid('repository URL must be https://<host>/<owner>/<repository>');
  const owner = parts[0];
  const name = parts[1].replace(/\.git$/i, '');
  if (!OWNER.test(owner)) throw invalid(`"${owner}" is not a valid owner name`);
  if (!NAME.test(name) || name === '.' || name === '..') throw invalid(`"${name}" is not a valid repository name`);
  return repositoryRef(web, owner, name);
}
