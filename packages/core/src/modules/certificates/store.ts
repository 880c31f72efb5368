import type { CertificateOrder } from './domain/certificate-order.js';
import type { PageRequest } from '../../kernel/paging.js';

declare module '../../kernel/store.js' {
  /** The certificates module's repositories, present in every unit of work. */
  interface StoreTx {
    certificateOrders: CertificateOrderRepo;
  }
}

/** Which orders a list returns. */
export interface CertificateOrderFilter {
  /** Only installed certificates (the SSL endpoints). */
  installed?: boolean;
}

/** Certificate orders and the certificates they hold. */
export interface CertificateOrderRepo {
  /** Inserts an order with its names; ConflictError when the name is taken. */
  insert(order: CertificateOrder): Promise<void>;
  /** By id or exact name; null when absent. */
  find(idOrName: string): Promise<CertificateOrder | null>;
  /** A page ordered by `page.sort` (`id` or `name`). */
  list(filter: CertificateOrderFilter, page: PageRequest): Promise<CertificateOrder[]>;
  /** Every order that lists any of `domains` exactly (wildcard names match only the same wildcard name). */
  listing(domains: readonly string[]): Promise<CertificateOrder[]>;
  /** Every installed order, oldest first (to re-install into a router that restarted). */
  installed(): Promise<CertificateOrder[]>;
  /** Overwrites an order whose stored version is `order.version - 1`; ConcurrencyError otherwise. Names never change. */
  update(order: CertificateOrder): Promise<void>;
}
