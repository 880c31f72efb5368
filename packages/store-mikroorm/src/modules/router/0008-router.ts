import { SchemaMigration, flavour } from '../../migration-base.js';

/** Sites (unique domains) and their path routes to apps. */
export class Migration0008Router extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('sites', (t) => {
        t.uuid('id').primary();
        t.string('domain', 253).notNullable().unique();
        t.string('region', 64).notNullable();
        t.boolean('internal').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
      }),
    );
    this.addSchema(
      knex.schema.createTable('site_routes', (t) => {
        t.uuid('id').primary();
        t.uuid('site_id').notNullable();
        t.uuid('app_id').notNullable();
        t.string('source_path', 1024).notNullable();
        t.string('target_path', 1024).notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        // One route per path of a site: two would make the path ambiguous.
        t.unique(['site_id', 'source_path']);
        t.index(['app_id']);
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    this.addSchema(knex.schema.dropTable('site_routes'));
    this.addSchema(knex.schema.dropTable('sites'));
  }
}
