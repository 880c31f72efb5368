import { AddonConfigResponse, AddonCreate, AddonPlanResponse, AddonResponse, AddonServiceResponse, AddonUpdate, AttachmentCreate, AttachmentResponse, AttachmentUpdate, presentAddon, presentAddonPlan, presentAddonService, presentAttachment } from '../schemas/addons.js';
import { varNamesFor } from '../services/addon-state.js';
import { AddonService, type AttachmentView } from '../services/addons.js';
import { CatalogService, pageArray } from '../../foundation/services/catalog.js';
import { route } from '../../../kernel/operation.js';

const byIdOrName = (t: { id: string; name: string }, sort: string) => (sort === 'name' ? t.name : t.id);
const asApp = (v: AttachmentView) => presentAddon(v.details, { kind: 'app', app: v.app, varNames: varNamesFor(v.details, v.app.app.id) });
const asAttachment = (v: AttachmentView) => presentAttachment(v.details, v.attachment, v.app, varNamesFor(v.details, v.app.app.id));

/** /addon-services and their plans, from every configured broker */
export const addonServiceRoutes = [
  route({
    method: 'get',
    path: '/addon-services',
    summary: 'List addon services of every broker',
    tag: 'Addons',
    response: AddonServiceResponse,
    list: ['id', 'name'],
    handler: async ({ page, resolve }) => {
      const c = resolve(CatalogService).catalog;
      const items = (await resolve(AddonService).services()).map((s) => presentAddonService(s, c));
      return pageArray(items, page, byIdOrName);
    },
  }),
  route({
    method: 'get',
    path: '/addon-services/:service',
    summary: 'Get an addon service by name or id',
    tag: 'Addons',
    response: AddonServiceResponse,
    handler: async ({ params, resolve }) => presentAddonService(await resolve(AddonService).service(params.service!), resolve(CatalogService).catalog),
  }),
  route({
    method: 'get',
    path: '/addon-services/:service/plans',
    summary: "List an addon service's plans",
    tag: 'Addons',
    response: AddonPlanResponse,
    list: ['id', 'name'],
    handler: async ({ params, page, resolve }) => {
      const c = resolve(CatalogService).catalog;
      const { service } = await resolve(AddonService).service(params.service!);
      return pageArray(service.plans.map((p) => presentAddonPlan(service, p, c)), page, byIdOrName);
    },
  }),
  route({
    method: 'get',
    path: '/addon-services/:service/plans/:plan',
    summary: 'Get a plan by id, name or service:plan',
    tag: 'Addons',
    response: AddonPlanResponse,
    handler: async ({ params, resolve }) => {
      const { service, plan, provisionedBy } = await resolve(AddonService).plan(params.service!, params.plan!);
      return presentAddonPlan(service.service, plan, resolve(CatalogService).catalog, provisionedBy);
    },
  }),
];

/** /addons and /apps/{app}/addons */
export const addonRoutes = [
  route({
    method: 'get',
    path: '/addons',
    summary: 'List every addon of every app',
    tag: 'Addons',
    permission: 'app:read',
    response: AddonResponse,
    list: ['id', 'name'],
    handler: async ({ page, resolve }) => {
      const p = await resolve(AddonService).listAll(page);
      return { ...p, items: p.items.map((d) => presentAddon(d, { kind: 'list' })) };
    },
  }),
  route({
    method: 'get',
    path: '/addons/:addon',
    summary: 'Get an addon by id or name, with its config vars',
    tag: 'Addons',
    permission: 'app:read',
    response: AddonResponse,
    handler: async ({ params, resolve }) => {
      const { details, config } = await resolve(AddonService).get(params.addon!);
      return presentAddon(details, { kind: 'detail', config });
    },
  }),
  route({
    method: 'get',
    path: '/addons/:addon/config',
    summary: "Get the config vars an addon injects (redacted in socs/prod spaces)",
    tag: 'Addons',
    permission: 'config:read',
    response: AddonConfigResponse,
    handler: ({ params, resolve }) => resolve(AddonService).config(params.addon!),
  }),
  route({
    method: 'post',
    path: '/apps/:app/addons',
    summary: 'Create (provision) an addon from a plan',
    tag: 'Addons',
    permission: 'app:write',
    body: AddonCreate,
    response: AddonResponse,
    status: 201,
    handler: async ({ params, body, principal, resolve }) => asApp(await resolve(AddonService).create(principal, params.app!, body)),
  }),
  route({
    method: 'get',
    path: '/apps/:app/addons',
    summary: 'List the addons an app owns',
    tag: 'Addons',
    permission: 'app:read',
    response: AddonResponse,
    list: ['id', 'name'],
    handler: async ({ params, page, resolve }) => {
      const { app, page: p } = await resolve(AddonService).listByApp(params.app!, page);
      return { ...p, items: p.items.map((d) => presentAddon(d, { kind: 'app', app, varNames: varNamesFor(d, app.app.id) })) };
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/addons/:addon',
    summary: 'Get an addon of an app (owned or attached)',
    tag: 'Addons',
    permission: 'app:read',
    response: AddonResponse,
    handler: async ({ params, resolve }) => asApp(await resolve(AddonService).getByApp(params.app!, params.addon!)),
  }),
  route({
    method: 'patch',
    path: '/apps/:app/addons/:addon',
    summary: 'Promote/demote (primary) or rename an addon the app owns',
    tag: 'Addons',
    permission: 'app:write',
    body: AddonUpdate,
    response: AddonResponse,
    handler: async ({ params, body, principal, resolve }) => asApp(await resolve(AddonService).update(principal, params.app!, params.addon!, body)),
  }),
  route({
    method: 'delete',
    path: '/apps/:app/addons/:addon',
    summary: 'Delete (deprovision) an addon the app owns',
    tag: 'Addons',
    permission: 'app:write',
    response: AddonResponse,
    handler: async ({ params, principal, resolve }) => asApp(await resolve(AddonService).delete(principal, params.app!, params.addon!)),
  }),
];

/** /apps/{app}/addon-attachments: other apps' addons attached to this one */
export const addonAttachmentRoutes = [
  route({
    method: 'get',
    path: '/apps/:app/addon-attachments',
    summary: "List an app's attachments of other apps' addons",
    tag: 'Addons',
    permission: 'app:read',
    response: AttachmentResponse,
    list: ['id'],
    handler: async ({ params, page, resolve }) => {
      const p = await resolve(AddonService).attachments(params.app!, page);
      return { ...p, items: p.items.map(asAttachment) };
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/addon-attachments/:attachment',
    summary: 'Get an attachment by its id or name, or by the addon id or name',
    tag: 'Addons',
    permission: 'app:read',
    response: AttachmentResponse,
    handler: async ({ params, resolve }) => asAttachment(await resolve(AddonService).attachment(params.app!, params.attachment!)),
  }),
  route({
    method: 'post',
    path: '/apps/:app/addon-attachments',
    summary: "Attach another app's addon (same space and region)",
    tag: 'Addons',
    permission: 'app:write',
    body: AttachmentCreate,
    response: AttachmentResponse,
    handler: async ({ params, body, principal, resolve }) => asAttachment(await resolve(AddonService).attach(principal, params.app!, { addon: body.addon, app: body.app, name: body.name ?? undefined })),
  }),
  route({
    method: 'patch',
    path: '/apps/:app/addon-attachments/:attachment',
    summary: 'Promote/demote (primary) or rename an attachment',
    tag: 'Addons',
    permission: 'app:write',
    body: AttachmentUpdate,
    response: AttachmentResponse,
    handler: async ({ params, body, principal, resolve }) => asAttachment(await resolve(AddonService).updateAttachment(principal, params.app!, params.attachment!, body)),
  }),
  route({
    method: 'delete',
    path: '/apps/:app/addon-attachments/:attachment',
    summary: 'Detach an addon (only attachments of other apps’ addons)',
    tag: 'Addons',
    permission: 'app:write',
    response: AttachmentResponse,
    handler: async ({ params, principal, resolve }) => asAttachment(await resolve(AddonService).detach(principal, params.app!, params.attachment!)),
  }),
];
