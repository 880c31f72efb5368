import { SchemaMigration, flavour } from '../../migration-base.js';

/** Users (recorded on first sight), memberships at org/space/app scope, and issued API tokens by hash. */
export class Migration0010Identity extends SchemaMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const f = flavour(knex);
    this.addSchema(
      knex.schema.createTable('users', (t) => {
        // Principal ids are whatever the authenticator gives (an OIDC `sub` need not be a UUID).
        t.string('id', 255).primary();
        t.string('username', 255).notNullable();
        t.string('email', 255).notNullable();
        t.jsonb('roles').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.index(['email']);
        t.index(['username']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('memberships', (t) => {
        t.uuid('id').primary();
        t.string('user_id', 255).notNullable();
        t.string('role', 16).notNullable();
        t.string('scope', 8).notNullable();
        t.uuid('scope_id').notNullable();
        f.ts(t, 'created_at').notNullable();
        f.ts(t, 'updated_at').notNullable();
        t.unique(['user_id', 'scope', 'scope_id']);
        t.index(['scope', 'scope_id']);
      }),
    );
    this.addSchema(
      knex.schema.createTable('api_tokens', (t) => {
        t.uuid('id').primary();
        t.string('user_id', 255).notNullable();
        t.string('hash', 64).notNullable().unique();
        t.string('hint', 16).notNullable();
        t.text('description').notNullable();
        t.jsonb('ceiling').nullable();
        f.ts(t, 'expires_at').nullable();
        f.ts(t, 'revoked_at').nullable();
        f.ts(t, 'created_at').notNullable();
        t.index(['user_id']);
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    this.addSchema(knex.schema.dropTable('api_tokens'));
    this.addSchema(knex.schema.dropTable('memberships'));
    this.addSchema(knex.schema.dropTable('users'));
  }
}
