import { BuildCreate, BuildResponse, BuildResultResponse, SlugResponse, presentBuild, presentBuildResult, presentSlug } from '../schemas/builds.js';
import { BuildService } from '../services/builds.js';
import { z } from 'zod';
import { route } from '../../../kernel/operation.js';

/** /apps/{app}/builds (create, list, get, logs, stop, rebuild) and /slugs/{id} */
export const buildRoutes = [
  route({
    method: 'post',
    path: '/apps/:app/builds',
    summary: 'Create a build from a docker:// image or an https:// / data: source archive (runs in the background)',
    tag: 'Builds',
    permission: 'build:create',
    body: BuildCreate,
    response: BuildResponse,
    status: 201,
    handler: async ({ params, body, principal, resolve }) => {
      const { build, view } = await resolve(BuildService).create(principal, params.app!, body);
      return presentBuild(build, view);
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/builds',
    summary: "List an app's builds",
    tag: 'Builds',
    permission: 'app:read',
    response: BuildResponse,
    list: ['id'],
    handler: async ({ params, page, resolve }) => {
      const p = await resolve(BuildService).list(params.app!, page);
      return { ...p, items: p.items.map((b) => presentBuild(b.build, b.view)) };
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/builds/:build',
    summary: 'Get a build',
    tag: 'Builds',
    permission: 'app:read',
    response: BuildResponse,
    handler: async ({ params, resolve }) => {
      const { build, view } = await resolve(BuildService).get(params.app!, params.build!);
      return presentBuild(build, view);
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/builds/:build/result',
    summary: "A build's status and log lines",
    tag: 'Builds',
    permission: 'app:read',
    response: BuildResultResponse,
    handler: async ({ params, resolve }) => {
      const { build, lines } = await resolve(BuildService).result(params.app!, params.build!);
      return presentBuildResult(build, lines);
    },
  }),
  route({
    method: 'delete',
    path: '/apps/:app/builds/:build',
    summary: 'Stop a running build (205; 422 once it finished)',
    tag: 'Builds',
    permission: 'build:create',
    response: z.null(),
    status: 205,
    handler: async ({ params, principal, resolve }) => {
      await resolve(BuildService).stop(principal, params.app!, params.build!);
    },
  }),
  route({
    method: 'put',
    path: '/apps/:app/builds/:build',
    summary: 'Rebuild from the sources of an earlier build (422 once they were archived)',
    tag: 'Builds',
    permission: 'build:create',
    response: BuildResponse,
    status: 201,
    handler: async ({ params, principal, resolve }) => {
      const { build, view } = await resolve(BuildService).rebuild(principal, params.app!, params.build!);
      return presentBuild(build, view);
    },
  }),
  route({
    method: 'get',
    path: '/slugs/:slug',
    summary: 'Get a slug (the image a build produced)',
    tag: 'Builds',
    permission: 'app:read',
    response: SlugResponse,
    handler: async ({ params, resolve }) => {
      const { slug, build, view } = await resolve(BuildService).slug(params.slug!);
      return presentSlug(slug, build, view);
    },
  }),
];
