import { SchemaMigration, flavour } from '../../migration-base.js';

/** The CLI plugin registry; names are unique platform-wide. */
export class Migration0012Plugins extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('plugins', (t) => {
        t.uuid('id').primary();
        t.string('name', 128).notNullable().unique();
        t.text('description').notNullable();
        t.text('owner_name').notNullable();
        t.text('owner_email').notNullable();
        t.text('repo').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.dropTable('plugins'));
  }
}
