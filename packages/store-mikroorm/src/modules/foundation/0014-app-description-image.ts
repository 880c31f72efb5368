import { SchemaMigration } from '../../migration-base.js';

/** An app's free-text description and the image it last released, which the Akkeris CLI shows on apps:info. */
export class Migration0014AppDescriptionImage extends SchemaMigration {
  override async up(): Promise<void> {
    this.addSchema(
      this.getKnex().schema.alterTable('apps', (t) => {
        t.text('description').notNullable().defaultTo('');
        t.text('image').nullable();
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(
      this.getKnex().schema.alterTable('apps', (t) => {
        t.dropColumn('description');
        t.dropColumn('image');
      }),
    );
  }
}
