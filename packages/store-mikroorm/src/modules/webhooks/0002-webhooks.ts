import { SchemaMigration, flavour } from '../../migration-base.js';

/** Webhook subscriptions and their deliveries (the outbox rows the delivery jobs work through). */
export class Migration0002Webhooks extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('hooks', (t) => {
        t.uuid('id').primary();
        t.uuid('app_id').notNullable();
        t.text('url').notNullable();
        t.jsonb('events').notNullable();
        t.boolean('active').notNullable();
        t.text('secret').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.index(['app_id', 'id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('hook_deliveries', (t) => {
        t.uuid('id').primary();
        t.uuid('hook_id').notNullable();
        t.uuid('app_id').notNullable();
        t.string('event', 64).notNullable();
        t.text('url').notNullable();
        t.jsonb('headers').notNullable();
        t.text('body').notNullable();
        t.string('status', 16).notNullable();
        t.integer('num_attempts').notNullable();
        t.jsonb('last_attempt').nullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.index(['hook_id', 'id']);
        t.index(['app_id']);
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    this.addSchema(knex.schema.dropTable('hook_deliveries'));
    this.addSchema(knex.schema.dropTable('hooks'));
  }
}
