import { SchemaMigration } from '../migration-base.js';

/** An index for finding each key's oldest unfinished job, which job claims group by. */
export class Migration0005JobHeads extends SchemaMigration {
  override async up(): Promise<void> {
    this.addSchema(this.getKnex().schema.alterTable('jobs', (t) => t.index(['state', 'key', 'created_at'], 'jobs_state_key_created_at_index')));
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.alterTable('jobs', (t) => t.dropIndex(['state', 'key', 'created_at'], 'jobs_state_key_created_at_index')));
  }
}
