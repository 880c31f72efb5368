import { SchemaMigration, flavour } from '../../migration-base.js';

/** Auto build/deploy hooks (one per app), delivery ids already acted on, and preview apps of pull requests. */
export class Migration0017AutoBuilds extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('auto_builds', (t) => {
        t.uuid('app_id').primary();
        t.uuid('id').notNullable().unique();
        t.text('repo').notNullable();
        t.string('repo_key', 512).notNullable().index();
        t.text('site').notNullable();
        t.string('branch', 255).notNullable();
        t.boolean('auto_deploy').notNullable();
        t.boolean('status_check').notNullable();
        t.string('username', 255).notNullable();
        t.string('hook_id', 64).notNullable();
        // Sealed with the platform key: never the secret itself.
        t.text('secret').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
      }),
    );
    this.addSchema(
      knex.schema.createTable('source_deliveries', (t) => {
        t.uuid('app_id').notNullable();
        t.string('delivery_id', 128).notNullable();
        t.uuid('token').notNullable();
        f.ts(t, 'created_at').notNullable();
        t.primary(['app_id', 'delivery_id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('previews', (t) => {
        t.uuid('id').primary();
        t.uuid('app_id').notNullable().unique();
        t.uuid('source_app_id').notNullable();
        t.integer('pull_request').notNullable();
        t.string('branch', 255).notNullable();
        t.uuid('app_setup_id').nullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.unique(['source_app_id', 'pull_request']);
      }),
    );
  }

  override async down(): Promise<void> {
    const schema = this.getKnex().schema;
    this.addSchema(schema.dropTable('previews'));
    this.addSchema(schema.dropTable('source_deliveries'));
    this.addSchema(schema.dropTable('auto_builds'));
  }
}
