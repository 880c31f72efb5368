import { SchemaMigration } from '../migration-base.js';

/**
 * The data version replicas sharing one PostgreSQL read (`ChangeFeed`): a sequence, since nextval takes no lock a
 * concurrent writer would wait on. SQLite needs nothing: one process owns its file, so its version is in memory.
 */
export class Migration0018StoreChanges extends SchemaMigration {
  override async up(): Promise<void> {
    if (this.getKnex().client.dialect === 'postgresql') this.addSql('create sequence slipway_changes');
  }

  override async down(): Promise<void> {
    if (this.getKnex().client.dialect === 'postgresql') this.addSql('drop sequence slipway_changes');
  }
}
