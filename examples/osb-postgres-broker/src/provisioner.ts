import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

/** Database and role names for an instance: derived from its id, so a replayed request finds its own leftovers. */
export function instanceNames(prefix: string, instanceId: string): { db: string; role: string } {
  const h = createHash('sha256').update(instanceId).digest('hex').slice(0, 24);
  return { db: `${prefix}_${h}`, role: `${prefix}_${h}` };
}

/** Login role name of a binding. */
export function bindingRole(prefix: string, instanceId: string, bindingId: string): string {
  return `${prefix}_b_${createHash('sha256').update(`${instanceId}\u0000${bindingId}`).digest('hex').slice(0, 24)}`;
}

/** A fresh password: URL-safe, so it needs no escaping inside a DATABASE_URL. */
export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The PostgreSQL side of the broker: databases, owner roles and login roles, each step idempotent
 * because a platform may replay any request and a crash may interrupt any sequence.
 */
export class Provisioner {
  constructor(
    private readonly pool: pg.Pool,
    private readonly adminUrl: URL,
    private readonly publicHost: string,
    private readonly publicPort: string,
  ) {}

  /** Creates the owner role and the database (limited to `connectionLimit` connections). */
  async createDatabase(db: string, role: string, connectionLimit: number): Promise<void> {
    const ident = pg.escapeIdentifier;
    if (!(await this.roleExists(role))) await this.ignoreDuplicate(this.pool.query(`create role ${ident(role)} nologin`));
    if (!(await this.databaseExists(db))) {
      await this.ignoreDuplicate(this.pool.query(`create database ${ident(db)} owner ${ident(role)} connection limit ${connectionLimit | 0}`));
    }
    await this.pool.query(`revoke connect, temporary on database ${ident(db)} from public`);
    await this.pool.query(`grant connect, temporary on database ${ident(db)} to ${ident(role)}`);
  }

  /** Changes the connection limit (what a plan change means here). */
  async setConnectionLimit(db: string, connectionLimit: number): Promise<void> {
    await this.pool.query(`alter database ${pg.escapeIdentifier(db)} connection limit ${connectionLimit | 0}`);
  }

  /** Drops the database (closing its sessions), the login roles given and the owner role. */
  async dropDatabase(db: string, role: string, loginRoles: string[]): Promise<void> {
    const ident = pg.escapeIdentifier;
    await this.pool.query(`drop database if exists ${ident(db)} with (force)`);
    for (const login of loginRoles) await this.dropLogin(db, role, login);
    await this.pool.query(`drop role if exists ${ident(role)}`);
  }

  /**
   * Creates a login role that acts as the owner role (so every binding sees the same tables) and
   * returns its DATABASE_URL.
   */
  async createLogin(db: string, role: string, login: string, password: string): Promise<string> {
    const ident = pg.escapeIdentifier;
    const secret = pg.escapeLiteral(password);
    if (!(await this.roleExists(login))) {
      await this.ignoreDuplicate(this.pool.query(`create role ${ident(login)} login password ${secret} in role ${ident(role)}`));
    } else {
      await this.pool.query(`alter role ${ident(login)} login password ${secret}`);
      await this.pool.query(`grant ${ident(role)} to ${ident(login)}`);
    }
    await this.pool.query(`alter role ${ident(login)} in database ${ident(db)} set role = ${pg.escapeLiteral(role)}`);
    return this.databaseUrl(db, login, password);
  }

  /** Drops a login role, first closing its sessions and handing anything it owns to the owner role. */
  async dropLogin(db: string, role: string, login: string): Promise<void> {
    if (!(await this.roleExists(login))) return;
    await this.pool.query('select pg_terminate_backend(pid) from pg_stat_activity where usename = $1', [login]);
    if ((await this.databaseExists(db)) && (await this.roleExists(role))) {
      const url = new URL(this.adminUrl);
      url.pathname = `/${db}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(`reassign owned by ${pg.escapeIdentifier(login)} to ${pg.escapeIdentifier(role)}`);
        await client.query(`drop owned by ${pg.escapeIdentifier(login)}`);
      } finally {
        await client.end();
      }
    }
    await this.pool.query(`drop role if exists ${pg.escapeIdentifier(login)}`);
  }

  /** The URL apps connect with. */
  databaseUrl(db: string, login: string, password: string): string {
    const url = new URL('postgres://localhost');
    url.hostname = this.publicHost;
    url.port = this.publicPort;
    url.username = login;
    url.password = password;
    url.pathname = `/${db}`;
    return url.toString();
  }

  /** Whether a database of that name exists on the server. */
  async databaseExists(db: string): Promise<boolean> {
    const r = await this.pool.query('select 1 from pg_database where datname = $1', [db]);
    return r.rowCount === 1;
  }

  /** Whether a role of that name exists on the server. */
  async roleExists(role: string): Promise<boolean> {
    const r = await this.pool.query('select 1 from pg_roles where rolname = $1', [role]);
    return r.rowCount === 1;
  }

  private async ignoreDuplicate(q: Promise<unknown>): Promise<void> {
    try {
      await q;
    } catch (err) {
      // 42710 duplicate_object, 42P04 duplicate_database: a concurrent replay won the race, which is fine.
      const code = (err as { code?: string }).code;
      if (code !== '42710' && code !== '42P04') throw err;
    }
  }
}
