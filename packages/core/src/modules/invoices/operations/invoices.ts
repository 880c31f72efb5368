import { z } from 'zod';
import { InvoiceRefResponse, InvoiceResponse, presentInvoice } from '../schemas/invoices.js';
import { InvoiceService, type InvoiceOwner } from '../services/invoices.js';
import { route, type RouteDef } from '../../../kernel/operation.js';

/** The list and get operations of one owner kind under its path spellings. */
function invoiceRoutesOf(paths: string[], base: (params: Record<string, string>) => string, owner: (params: Record<string, string>) => InvoiceOwner, who: string): RouteDef[] {
  return [
    route({
      method: 'get',
      path: paths.map((p) => `${p}/invoices`),
      summary: `List invoices of ${who}`,
      tag: 'Invoices',
      response: z.array(InvoiceRefResponse),
      permission: 'billing:read',
      handler: async ({ params, resolve }) => (await resolve(InvoiceService).list(owner(params))).map((id) => ({ $ref: `${base(params)}/invoices/${id}` })),
    }),
    route({
      method: 'get',
      path: paths.map((p) => `${p}/invoices/:invoice`),
      summary: `Get an invoice of ${who}`,
      tag: 'Invoices',
      response: InvoiceResponse,
      permission: 'billing:read',
      handler: async ({ params, resolve }) => presentInvoice(await resolve(InvoiceService).get(owner(params), params.invoice!)),
    }),
  ];
}

/** /account, /organizations/{org} (and /organization/{org}), /spaces/{space} (and /space/{space}) invoices. */
export const invoiceRoutes: RouteDef[] = [
  ...invoiceRoutesOf(['/account'], () => '/account', () => ({ kind: 'account' }), 'the whole account'),
  ...invoiceRoutesOf(['/organizations/:org', '/organization/:org'], (p) => `/organizations/${p.org}`, (p) => ({ kind: 'organization', ref: p.org! }), 'an organization'),
  ...invoiceRoutesOf(['/spaces/:space', '/space/:space'], (p) => `/spaces/${p.space}`, (p) => ({ kind: 'space', ref: p.space! }), 'a space'),
];
