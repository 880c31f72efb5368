import { SchemaMigration, flavour } from '../migration-base.js';

/** Keys of events already announced, so controllers sharing one engine announce each once. */
export class Migration0006SeenEvents extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('seen_events', (t) => {
        t.string('key', 512).primary();
        t.string('token', 64).notNullable();
        f.ts(t, 'created_at').notNullable();
        t.index(['created_at']);
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.dropTable('seen_events'));
  }
}
