import { z } from 'zod';
import { IdName, Instant, iso, requiredString, Uuid } from '../../../kernel/schemas.js';
import { orderType, type CertificateOrder } from '../domain/certificate-order.js';

/** POST /ssl-orders body (domain names are checked by the service, so a bad one answers 400). */
export const SslOrderCreate = z.object({
  name: requiredString('name').max(64),
  common_name: z.string({ error: 'common_name must be a string' }).max(255).optional().nullable(),
  domain_names: z.array(z.string({ error: 'domain_names must be strings' }), { error: 'domain_names must be an array of domain names' }).min(1, 'domain_names must name at least one domain'),
  org: requiredString('org'),
  comments: z.string({ error: 'comments must be a string' }).max(2048).optional().nullable(),
  region: z.string({ error: 'region must be a string' }).optional().nullable(),
});

/** An order (or an installed endpoint) as the seed shows it: never the private key. */
export const SslOrderResponse = z
  .object({
    created_at: Instant,
    id: Uuid,
    name: z.string(),
    comments: z.string(),
    requester: z.object({ name: z.string() }),
    organization: IdName,
    region: IdName,
    common_name: z.string(),
    domain_names: z.array(z.string()),
    installed: z.boolean(),
    status: z.enum(['pending', 'issued', 'failed']),
    status_reason: z.string().nullable(),
    expires: Instant.nullable(),
    issued: Instant.nullable(),
    updated_at: Instant,
    type: z.enum(['ssl_plus', 'multi_domain', 'wildcard']),
  })
  .meta({ id: 'SslOrder' });

/** An installed certificate: the order's fields plus its public PEM chain. */
export const SslEndpointResponse = SslOrderResponse.extend({ certificate: z.string().nullable() }).meta({ id: 'SslEndpoint' });

/** The body of GET /ssl-ca: the root clients must trust when the issuer is not publicly trusted. */
export const SslCaResponse = z.object({ issuer: z.string(), certificate: z.string() }).meta({ id: 'SslCa' });

/** An order in the seed's shape. */
export function presentSslOrder(o: CertificateOrder): z.infer<typeof SslOrderResponse> {
  return {
    created_at: iso(o.created_at)!,
    id: o.id,
    name: o.name,
    comments: o.comments,
    requester: { name: o.requester },
    organization: { id: o.org_id, name: o.org_name },
    region: { id: o.region_id, name: o.region_name },
    common_name: o.common_name,
    domain_names: o.domains,
    installed: o.installed,
    status: o.status,
    status_reason: o.status_reason,
    expires: iso(o.expires_at),
    issued: iso(o.issued_at),
    updated_at: iso(o.updated_at)!,
    type: orderType(o.kind),
  };
}

/** An installed certificate with its public chain. */
export function presentSslEndpoint(o: CertificateOrder): z.infer<typeof SslEndpointResponse> {
  return { ...presentSslOrder(o), certificate: o.cert_pem };
}
