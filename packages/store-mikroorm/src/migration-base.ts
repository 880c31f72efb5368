import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Knex } from '@mikro-orm/knex';
import type { Migration as MigrationBase } from '@mikro-orm/migrations';

const require = createRequire(import.meta.url);
// The base class from its own file: the package's index also loads the Migrator (umzug, generators), hundreds of ms at
// every start-up that an up-to-date database never needs. Same file as the index's (the version is pinned), so one class.
const { Migration } = require(join(dirname(require.resolve('@mikro-orm/migrations')), 'Migration.js')) as { Migration: typeof MigrationBase };

/** Columns and statements that differ per dialect, so migrations stay one file for both. */
export function flavour(knex: Knex) {
  const pg = knex.client.dialect === 'postgresql';
  return {
    /** Sortable names: byte order on PostgreSQL so pagination matches SQLite and JavaScript. */
    name(t: Knex.CreateTableBuilder, column: string, length = 64): Knex.ColumnBuilder {
      return pg ? t.specificType(column, `varchar(${length}) collate "C"`) : t.string(column, length);
    },
    /** Instants: timestamptz on PostgreSQL, epoch milliseconds on SQLite (MikroORM's own convention there). */
    ts(t: Knex.CreateTableBuilder, column: string): Knex.ColumnBuilder {
      return t.timestamp(column, { useTz: true, precision: 3 });
    },
  };
}

/** Base of the in-code migrations: knex schema statements compiled for the current dialect. */
export abstract class SchemaMigration extends Migration {
  /** Adds every statement of a schema builder (SQLite compiles one table to several statements). */
  protected addSchema(builder: Knex.SchemaBuilder): void {
    const compiled = builder.toSQL() as unknown as Array<{ sql: string }>;
    for (const { sql } of compiled) this.addSql(sql);
  }
}
