import { SchemaMigration, flavour } from '../../migration-base.js';

/** Pipelines, couplings (one per app), promotions with their targets, and release status checks. */
export class Migration0007Pipelines extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('pipelines', (t) => {
        t.uuid('id').primary();
        f.name(t, 'name').notNullable().unique();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
      }),
    );
    this.addSchema(
      knex.schema.createTable('pipeline_couplings', (t) => {
        t.uuid('id').primary();
        t.uuid('pipeline_id').notNullable();
        // An app is in at most one pipeline: the index settles concurrent couplings.
        t.uuid('app_id').notNullable().unique();
        t.string('stage', 16).notNullable();
        t.jsonb('required_status_checks').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.index(['pipeline_id', 'stage']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('pipeline_promotions', (t) => {
        t.uuid('id').primary();
        t.uuid('pipeline_id').notNullable();
        t.uuid('source_app_id').notNullable();
        t.uuid('source_release_id').notNullable();
        t.uuid('slug_id').notNullable();
        t.uuid('user_id').notNullable();
        t.string('username', 255).notNullable();
        t.string('user_email', 255).notNullable();
        t.string('status', 16).notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
      }),
    );
    this.addSchema(
      knex.schema.createTable('promotion_targets', (t) => {
        t.uuid('id').primary();
        t.uuid('promotion_id').notNullable();
        t.uuid('app_id').notNullable();
        t.uuid('release_id').nullable();
        t.string('status', 16).notNullable();
        t.text('error_message').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.index(['promotion_id', 'id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('release_statuses', (t) => {
        t.uuid('id').primary();
        t.uuid('app_id').notNullable();
        t.uuid('release_id').notNullable();
        f.name(t, 'context', 255).notNullable();
        t.string('state', 16).notNullable();
        t.string('name', 255).notNullable();
        t.text('description').notNullable();
        t.text('target_url').nullable();
        t.text('image_url').nullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.unique(['release_id', 'context']);
        t.index(['app_id']);
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    for (const table of ['release_statuses', 'promotion_targets', 'pipeline_promotions', 'pipeline_couplings', 'pipelines']) this.addSchema(knex.schema.dropTable(table));
  }
}
