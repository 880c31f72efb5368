import {
  DeadlockException,
  ForeignKeyConstraintViolationException,
  LockWaitTimeoutException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { ConcurrencyError, ConflictError, PlatformError, ValidationError } from '@slipway/core';

/** What a clash on each unique column set means, in words a client can act on. */
const CLASHES: Record<string, string> = {
  'organizations.name': 'an organization with this name already exists',
  'spaces.name': 'a space with this name already exists',
  'apps.name,space_id': 'an app with this name already exists in this space',
  'app_features.app_id,name': 'this feature switch already exists',
  'config_vars.key,owner_id,owner_kind': 'this config var already exists',
  'sites.domain': 'a site with this domain already exists',
  'site_routes.site_id,source_path': 'the site already routes this path',
  'log_drains.app_id,url': 'this app already drains to this url',
  'plugins.name': 'a plugin with this name already exists',
};

interface NativeError {
  code?: string;
  errno?: number;
  message?: string;
  table?: string;
  detail?: string;
}

/** The table and sorted columns a unique violation names (pg: table + detail; SQLite: the message). */
function clashedColumns(e: NativeError): string | undefined {
  const sqlite = /UNIQUE constraint failed: (.+)$/m.exec(e.message ?? '');
  if (sqlite) {
    const cols = sqlite[1]!.split(',').map((c) => c.trim());
    const table = cols[0]!.split('.')[0];
    return `${table}.${cols.map((c) => c.split('.')[1]).sort().join(',')}`;
  }
  const pg = /Key \(([^)]*)\)=/.exec(e.detail ?? '');
  if (pg && e.table) return `${e.table}.${pg[1]!.split(',').map((c) => c.trim()).sort().join(',')}`;
  return undefined;
}

/** Message for a unique violation; never includes values (they may be secrets). */
function conflictMessage(e: NativeError): string {
  const what = clashedColumns(e);
  if (what === undefined) return 'the record already exists';
  if (what.endsWith('.id')) return `a record with this id already exists in ${what.split('.')[0]}`;
  return CLASHES[what] ?? `a record with the same ${what.split('.')[1]} already exists in ${what.split('.')[0]}`;
}

/**
 * The one place native database errors become platform errors. Anything unrecognized passes through
 * unchanged (a bug, reported as such); knex is configured not to inline bound values into messages.
 */
export function toDomainError(err: unknown): unknown {
  if (err instanceof PlatformError || typeof err !== 'object' || err === null) return err;
  const e = err as NativeError;
  const message = e.message ?? '';
  if (
    err instanceof UniqueConstraintViolationException ||
    e.code === '23505' ||
    (e.code === 'SQLITE_CONSTRAINT' && message.includes('UNIQUE constraint failed'))
  ) {
    return new ConflictError(conflictMessage(e));
  }
  if (
    err instanceof ForeignKeyConstraintViolationException ||
    e.code === '23503' ||
    (e.code === 'SQLITE_CONSTRAINT' && message.includes('FOREIGN KEY constraint failed'))
  ) {
    return new ConflictError('the change references a record that does not exist, or one still in use');
  }
  if (
    err instanceof DeadlockException ||
    err instanceof LockWaitTimeoutException ||
    err instanceof OptimisticLockError ||
    e.code === '40001' ||
    e.code === '40P01' ||
    e.code === 'SQLITE_BUSY' ||
    e.code === 'SQLITE_LOCKED'
  ) {
    return new ConcurrencyError('a concurrent change won the race; retry from a fresh read');
  }
  if (e.code === '22P02') return new ValidationError('a value has the wrong format (ids are UUIDs)');
  return err;
}
