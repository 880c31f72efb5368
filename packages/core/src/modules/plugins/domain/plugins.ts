import { ValidationError } from '../../../errors.js';

/** A CLI plugin published in the platform-wide registry. */
export interface Plugin {
  id: string;
  /** Unique, alphanumeric (dashes and underscores allowed), as the CLI installs it by name. */
  name: string;
  description: string;
  owner_name: string;
  owner_email: string;
  /** Where the CLI installs the plugin from. */
  repo: string;
  created_at: Date;
  updated_at: Date;
}

const PLUGIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Checks a plugin name (the CLI's install key); raises ValidationError on field `name`. */
export function validatePluginName(name: string): string {
  if (!PLUGIN_NAME.test(name)) throw new ValidationError('name must be alphanumeric (dashes and underscores allowed), at most 128 characters', 'name');
  return name;
}

/** Checks a plugin repo URL: an absolute http(s) or git URL; raises ValidationError on field `repo`. */
export function validatePluginRepo(repo: string): string {
  let url: URL;
  try {
    url = new URL(repo);
  } catch {
    throw new ValidationError('repo must be an absolute URL such as https://git.example.com/org/plugin', 'repo');
  }
  if (!['https:', 'http:', 'git:', 'ssh:'].includes(url.protocol)) throw new ValidationError('repo must use https://, http://, git:// or ssh://', 'repo');
  return repo;
}
