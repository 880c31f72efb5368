import { route } from '../../../kernel/operation.js';
import { SslCaResponse, SslEndpointResponse, SslOrderCreate, SslOrderResponse, presentSslEndpoint, presentSslOrder } from '../schemas/certificates.js';
import { CertificateService } from '../services/certificates.js';

/** /ssl-orders, /ssl-endpoints and /ssl-ca */
export const certificateRoutes = [
  route({
    method: 'post',
    path: '/ssl-orders',
    summary: 'Order a certificate',
    tag: 'Certificates',
    body: SslOrderCreate,
    response: SslOrderResponse,
    status: 201,
    permission: 'cert:manage',
    handler: async ({ body, principal, resolve }) => presentSslOrder(await resolve(CertificateService).create(principal, body)),
  }),
  route({
    method: 'get',
    path: '/ssl-orders',
    summary: 'List certificate orders',
    tag: 'Certificates',
    response: SslOrderResponse,
    list: ['id', 'name'],
    permission: 'site:read',
    handler: async ({ page, resolve }) => {
      const p = await resolve(CertificateService).list(page);
      return { ...p, items: p.items.map(presentSslOrder) };
    },
  }),
  route({
    method: 'get',
    path: '/ssl-orders/:order',
    summary: 'Get a certificate order',
    tag: 'Certificates',
    response: SslOrderResponse,
    permission: 'site:read',
    handler: async ({ params, resolve }) => presentSslOrder(await resolve(CertificateService).get(params.order!)),
  }),
  route({
    method: 'put',
    path: '/ssl-orders/:order',
    summary: 'Install an issued certificate into the router',
    tag: 'Certificates',
    response: SslOrderResponse,
    status: 201,
    permission: 'cert:manage',
    handler: async ({ params, principal, resolve }) => presentSslOrder(await resolve(CertificateService).install(principal, params.order!)),
  }),
  route({
    method: 'get',
    path: '/ssl-endpoints',
    summary: 'List installed certificates',
    tag: 'Certificates',
    response: SslEndpointResponse,
    list: ['id', 'name'],
    permission: 'site:read',
    handler: async ({ page, resolve }) => {
      const p = await resolve(CertificateService).endpoints(page);
      return { ...p, items: p.items.map(presentSslEndpoint) };
    },
  }),
  route({
    method: 'get',
    path: '/ssl-endpoints/:order',
    summary: 'Get an installed certificate',
    tag: 'Certificates',
    response: SslEndpointResponse,
    permission: 'site:read',
    handler: async ({ params, resolve }) => presentSslEndpoint(await resolve(CertificateService).endpoint(params.order!)),
  }),
  route({
    method: 'get',
    path: '/ssl-ca',
    summary: "The issuer's root certificate, for clients to trust (local CA)",
    tag: 'Certificates',
    response: SslCaResponse,
    permission: 'site:read',
    handler: async ({ resolve }) => resolve(CertificateService).caRoot(),
  }),
];
