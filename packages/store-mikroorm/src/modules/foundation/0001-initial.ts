import { SchemaMigration, flavour } from '../../migration-base.js';

/**
 * The first schema, from before modules: the foundation's tables and the kernel's `jobs` table. Kept whole so
 * databases that applied it under this name stay in step.
 */
export class Migration0001Initial extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('organizations', (t) => {
        t.uuid('id').primary();
        f.name(t, 'name').notNullable().unique();
        t.text('description').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
      }),
    );
    this.addSchema(
      knex.schema.createTable('spaces', (t) => {
        t.uuid('id').primary();
        f.name(t, 'name').notNullable().unique();
        t.text('description').notNullable();
        t.jsonb('compliance').notNullable();
        t.string('stack', 64).notNullable();
        t.string('state', 16).notNullable();
        t.integer('version').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
      }),
    );
    this.addSchema(
      knex.schema.createTable('apps', (t) => {
        t.uuid('id').primary();
        f.name(t, 'name').notNullable();
        t.uuid('space_id').notNullable().references('id').inTable('spaces');
        t.uuid('organization_id').notNullable().references('id').inTable('organizations');
        t.string('owner_id', 255).notNullable();
        t.string('owner_email', 255).notNullable();
        t.boolean('maintenance').notNullable();
        f.ts(t, 'released_at').nullable();
        t.integer('version').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.unique(['space_id', 'name']);
        t.index(['name', 'id']);
        t.index(['organization_id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('config_vars', (t) => {
        t.string('owner_kind', 16).notNullable();
        t.uuid('owner_id').notNullable();
        t.string('key', 255).notNullable();
        t.text('value').notNullable();
        t.primary(['owner_kind', 'owner_id', 'key']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('app_features', (t) => {
        t.uuid('app_id').notNullable().references('id').inTable('apps').onDelete('CASCADE');
        t.string('name', 100).notNullable();
        t.boolean('enabled').notNullable();
        t.primary(['app_id', 'name']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('audits', (t) => {
        t.uuid('id').primary();
        t.string('action', 100).notNullable();
        t.uuid('app_id').nullable();
        t.string('app_name', 64).nullable();
        t.string('space_name', 64).nullable();
        t.string('username', 255).notNullable();
        t.jsonb('payload').notNullable();
        f.ts(t, 'created_at').notNullable();
        t.index(['app_id', 'id']);
        t.index(['app_name', 'id']);
        t.index(['space_name', 'id']);
        t.index(['username', 'id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('jobs', (t) => {
        t.uuid('id').primary();
        t.string('kind', 100).notNullable();
        t.string('key', 255).notNullable();
        t.jsonb('payload').notNullable();
        t.string('state', 16).notNullable();
        t.integer('attempts').notNullable();
        f.ts(t, 'run_at').notNullable();
        t.string('lease_owner', 255).nullable();
        f.ts(t, 'lease_expires_at').nullable();
        t.text('last_error').nullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.index(['state', 'run_at']);
        t.index(['key', 'created_at']);
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    for (const table of ['jobs', 'audits', 'app_features', 'config_vars', 'apps', 'spaces', 'organizations']) {
      this.addSchema(knex.schema.dropTable(table));
    }
  }
}
