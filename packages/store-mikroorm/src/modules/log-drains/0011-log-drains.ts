import { SchemaMigration, flavour } from '../../migration-base.js';

/** Log drains of apps; one URL at most once per app. */
export class Migration0011LogDrains extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('log_drains', (t) => {
        t.uuid('id').primary();
        t.uuid('app_id').notNullable();
        t.text('url').notNullable();
        t.string('token', 64).notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.unique(['app_id', 'url']);
        t.index(['app_id', 'id']);
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.dropTable('log_drains'));
  }
}
