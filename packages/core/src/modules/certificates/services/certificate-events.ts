import type { ResourcePayload } from '../../../kernel/payloads.js';
import type { CertificateOrder } from '../domain/certificate-order.js';

declare module '../../../kernel/payloads.js' {
  /** Audited certificate events (not app webhooks: certificates belong to an org). */
  interface PlatformEventMap {
    ssl_order_create: ResourcePayload;
    ssl_order_update: ResourcePayload;
    ssl_endpoint_install: ResourcePayload;
  }
}

/** What an audit of a certificate event records: names and state, never key material or the chain. */
export function certificateEventPayload(o: CertificateOrder): ResourcePayload {
  return {
    ssl_order: {
      id: o.id,
      name: o.name,
      organization: o.org_name,
      common_name: o.common_name,
      domain_names: o.domains,
      status: o.status,
      status_reason: o.status_reason,
      installed: o.installed,
      expires: o.expires_at ? o.expires_at.toISOString() : null,
    },
  };
}
