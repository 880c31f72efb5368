import type { StoreModule } from '../../store-module.js';
import { Migration0004Addons } from './0004-addons.js';
import { addonAttachmentRepo, addonRepo } from './addons.js';

/** The addons module's Store part: addons and attachments. */
export const addonsStore: StoreModule = {
  name: 'addons',
  repositories: { addons: addonRepo, addonAttachments: addonAttachmentRepo },
  migrations: [{ name: '0004_addons', class: Migration0004Addons }],
};
