import { SchemaMigration, flavour } from '../../migration-base.js';

/** The formation and addon history invoices are computed from. */
export class Migration0013Invoices extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('billing_items', (t) => {
        t.uuid('id').primary();
        t.string('kind', 16).notNullable();
        t.uuid('app_id').notNullable();
        t.text('app_key').notNullable();
        t.uuid('organization_id').notNullable();
        t.text('organization_name').notNullable();
        t.uuid('space_id').notNullable();
        t.text('subject').notNullable();
        t.text('description').notNullable();
        t.integer('quantity').notNullable();
        t.bigInteger('price_cents').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'deleted_at').nullable();
        t.index(['app_id', 'kind', 'subject']);
        t.index(['organization_id', 'created_at']);
        t.index(['space_id', 'created_at']);
        t.index(['created_at']);
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.dropTable('billing_items'));
  }
}
