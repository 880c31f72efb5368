import { SchemaMigration, flavour } from '../../migration-base.js';

/** Addons (instances at brokers, sealed credentials) and which apps use them under which name. */
export class Migration0004Addons extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('addons', (t) => {
        t.uuid('id').primary();
        f.name(t, 'name', 64).notNullable().unique();
        t.uuid('app_id').notNullable();
        t.string('broker', 64).notNullable();
        t.string('service_id', 255).notNullable();
        t.string('service_name', 255).notNullable();
        t.string('plan_id', 255).notNullable();
        t.string('plan_name', 255).notNullable();
        t.integer('price_cents').notNullable();
        t.string('state', 16).notNullable();
        t.text('state_description').notNullable();
        t.string('failure_code', 64).nullable();
        t.uuid('binding_id').nullable();
        t.text('credentials').nullable();
        t.integer('version').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.index(['app_id', 'id']);
        t.index(['plan_id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('addon_attachments', (t) => {
        t.uuid('id').primary();
        t.uuid('addon_id').notNullable();
        t.uuid('app_id').notNullable();
        f.name(t, 'name', 64).notNullable();
        t.boolean('is_primary').notNullable();
        t.boolean('is_owner').notNullable();
        t.string('service_id', 255).notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.unique(['app_id', 'name']);
        t.unique(['addon_id', 'app_id']);
        t.index(['addon_id']);
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    this.addSchema(knex.schema.dropTable('addon_attachments'));
    this.addSchema(knex.schema.dropTable('addons'));
  }
}
