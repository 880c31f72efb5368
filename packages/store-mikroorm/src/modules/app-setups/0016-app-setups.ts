import { SchemaMigration, flavour } from '../../migration-base.js';

/** App setups: the app a blueprint created and the progress of the job installing the rest (one per app). */
export class Migration0016AppSetups extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('app_setups', (t) => {
        t.uuid('id').primary();
        t.uuid('app_id').notNullable().unique();
        t.string('app_name', 64).notNullable();
        t.string('status', 16).notNullable();
        t.integer('completed').notNullable();
        t.jsonb('steps').notNullable();
        t.text('failure_message').notNullable();
        t.uuid('build_id').nullable();
        t.jsonb('postdeploy').nullable();
        // The sealed plan: source and drain URLs may carry credentials.
        t.text('plan').notNullable();
        t.uuid('user_id').notNullable();
        t.string('username', 255).notNullable();
        t.string('user_email', 255).notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.dropTable('app_setups'));
  }
}
