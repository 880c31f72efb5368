import { SchemaMigration, flavour } from '../../migration-base.js';

/** Certificate orders with the certificates they hold (keys sealed), and their names for the coverage check. */
export class Migration0009Certificates extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('certificate_orders', (t) => {
        t.uuid('id').primary();
        f.name(t, 'name', 64).notNullable().unique();
        t.text('comments').notNullable();
        t.string('requester', 255).notNullable();
        t.uuid('org_id').notNullable();
        t.string('org_name', 255).notNullable();
        t.string('region_id', 64).notNullable();
        t.string('region_name', 255).notNullable();
        t.string('common_name', 255).notNullable();
        t.jsonb('domains').notNullable();
        t.string('kind', 16).notNullable();
        t.string('status', 16).notNullable();
        t.text('status_reason').nullable();
        t.boolean('installed').notNullable();
        t.string('issuer', 64).notNullable();
        t.text('order_ref').nullable();
        t.text('order_key_sealed').nullable();
        t.text('cert_pem').nullable();
        t.text('key_sealed').nullable();
        f.ts(t, 'issued_at').nullable();
        f.ts(t, 'expires_at').nullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.integer('version').notNullable();
        t.index(['installed']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('certificate_domains', (t) => {
        t.uuid('order_id').notNullable();
        t.string('domain', 255).notNullable();
        t.primary(['order_id', 'domain']);
        t.index(['domain']);
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    this.addSchema(knex.schema.dropTable('certificate_domains'));
    this.addSchema(knex.schema.dropTable('certificate_orders'));
  }
}
