import { SchemaMigration, flavour } from '../../migration-base.js';

/** Builds (with their log lines), slugs, releases and formations. */
export class Migration0003Deploys extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('builds', (t) => {
        t.uuid('id').primary();
        t.uuid('app_id').notNullable();
        t.string('status', 16).notNullable();
        t.text('source_url').nullable();
        t.string('source_checksum', 100).notNullable();
        t.text('source_version').nullable();
        t.text('source_commit').nullable();
        t.text('source_repo').nullable();
        t.text('source_branch').nullable();
        t.text('source_org').nullable();
        t.uuid('slug_id').nullable();
        t.uuid('release_id').nullable();
        t.string('user_id', 255).notNullable();
        t.string('user_name', 255).notNullable();
        t.string('user_email', 255).notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.index(['app_id', 'id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('build_lines', (t) => {
        t.uuid('build_id').notNullable();
        t.integer('seq').notNullable();
        t.text('line').notNullable();
        t.primary(['build_id', 'seq']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('slugs', (t) => {
        t.uuid('id').primary();
        t.uuid('app_id').notNullable();
        t.uuid('build_id').notNullable();
        t.text('image').notNullable();
        t.text('digest').nullable();
        t.jsonb('process_types').notNullable();
        t.string('checksum', 100).notNullable();
        f.ts(t, 'created_at').notNullable();
        t.index(['app_id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('releases', (t) => {
        t.uuid('id').primary();
        t.uuid('app_id').notNullable();
        t.integer('version').notNullable();
        t.uuid('slug_id').notNullable();
        t.text('description').notNullable();
        t.string('status', 16).notNullable();
        t.string('user_id', 255).notNullable();
        t.string('user_email', 255).notNullable();
        f.ts(t, 'released_at').nullable();
        f.ts(t, 'created_at').notNullable();
        t.unique(['app_id', 'version']);
        t.index(['app_id', 'id']);
        t.index(['slug_id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('formations', (t) => {
        t.uuid('id').primary();
        t.uuid('app_id').notNullable();
        f.name(t, 'type', 30).notNullable();
        t.integer('quantity').notNullable();
        t.string('size', 64).notNullable();
        t.text('command').nullable();
        t.integer('port').nullable();
        t.text('healthcheck').nullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.unique(['app_id', 'type']);
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    for (const table of ['formations', 'releases', 'slugs', 'build_lines', 'builds']) this.addSchema(knex.schema.dropTable(table));
  }
}
