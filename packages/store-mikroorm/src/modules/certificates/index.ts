import type { StoreModule } from '../../store-module.js';
import { Migration0009Certificates } from './0009-certificates.js';
import { certificateOrderRepo } from './certificate-orders.js';

/** The certificates module's Store part: orders, the certificates they hold, and their names. */
export const certificatesStore: StoreModule = {
  name: 'certificates',
  repositories: { certificateOrders: certificateOrderRepo },
  migrations: [{ name: '0009_certificates', class: Migration0009Certificates }],
};
