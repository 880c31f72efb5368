import { SchemaMigration, flavour } from '../../migration-base.js';

/** Each user's favorite apps (the Akkeris CLI's apps:favorites); one row per user and app. */
export class Migration0015Favorites extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('favorites', (t) => {
        t.string('user_id', 128).notNullable();
        t.uuid('app_id').notNullable().references('id').inTable('apps');
        f.ts(t, 'created_at').notNullable();
        t.primary(['user_id', 'app_id']);
        t.index(['app_id']);
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.dropTable('favorites'));
  }
}
