import {
  CouplingCreate,
  CouplingResponse,
  CouplingUpdate,
  PipelineCreate,
  PipelineResponse,
  presentCoupling,
  presentPipeline,
} from '../schemas/pipelines.js';
import { PipelineService, type CouplingView } from '../services/pipelines.js';
import { STAGES, nextStage } from '../domain/pipelines.js';
import { route } from '../../../kernel/operation.js';
import { z } from 'zod';

const wire = (v: CouplingView) => presentCoupling(v.coupling, v.pipeline, v.view);

/** /pipelines, /pipeline-couplings and /apps/{app}/pipeline-couplings */
export const pipelineRoutes = [
  route({
    method: 'post',
    path: '/pipelines',
    summary: 'Create a pipeline',
    tag: 'Pipelines',
    body: PipelineCreate,
    response: PipelineResponse,
    status: 201,
    permission: 'pipeline:write',
    handler: async ({ body, principal, resolve }) => presentPipeline(await resolve(PipelineService).create(principal, body)),
  }),
  route({
    method: 'get',
    path: '/pipelines',
    summary: 'List pipelines',
    tag: 'Pipelines',
    response: PipelineResponse,
    list: ['id', 'name'],
    permission: 'pipeline:read',
    handler: async ({ page, resolve }) => {
      const p = await resolve(PipelineService).list(page);
      return { ...p, items: p.items.map(presentPipeline) };
    },
  }),
  route({
    method: 'get',
    path: '/pipelines/:pipeline',
    summary: 'Get a pipeline by name or id',
    tag: 'Pipelines',
    response: PipelineResponse,
    permission: 'pipeline:read',
    handler: async ({ params, resolve }) => presentPipeline(await resolve(PipelineService).get(params.pipeline!)),
  }),
  route({
    method: 'delete',
    path: '/pipelines/:pipeline',
    summary: 'Delete a pipeline and its couplings',
    tag: 'Pipelines',
    response: PipelineResponse,
    permission: 'pipeline:write',
    handler: async ({ params, principal, resolve }) => presentPipeline(await resolve(PipelineService).delete(principal, params.pipeline!)),
  }),
  route({
    method: 'get',
    path: '/pipeline-stages',
    summary: 'The stages and the stage each promotes to',
    tag: 'Pipelines',
    response: z.record(z.string(), z.string().nullable()),
    permission: 'pipeline:read',
    handler: () => Object.fromEntries(STAGES.map((s) => [s, nextStage(s)])),
  }),
  route({
    method: 'post',
    path: '/pipeline-couplings',
    summary: 'Couple an app to a pipeline at a stage',
    tag: 'Pipelines',
    body: CouplingCreate,
    response: CouplingResponse,
    status: 201,
    permission: 'pipeline:write',
    handler: async ({ body, principal, resolve }) => wire(await resolve(PipelineService).couple(principal, body)),
  }),
  route({
    method: 'get',
    path: '/pipeline-couplings',
    summary: 'List all pipeline couplings',
    tag: 'Pipelines',
    response: CouplingResponse,
    list: ['id'],
    permission: 'pipeline:read',
    handler: async ({ page, resolve }) => {
      const p = await resolve(PipelineService).listCouplings(undefined, page);
      return { ...p, items: p.items.map(wire) };
    },
  }),
  route({
    method: 'get',
    path: '/pipelines/:pipeline/pipeline-couplings',
    summary: "List a pipeline's couplings",
    tag: 'Pipelines',
    response: CouplingResponse,
    list: ['id'],
    permission: 'pipeline:read',
    handler: async ({ params, page, resolve }) => {
      const p = await resolve(PipelineService).listCouplings(params.pipeline!, page);
      return { ...p, items: p.items.map(wire) };
    },
  }),
  route({
    method: 'get',
    path: '/apps/:app/pipeline-couplings',
    summary: "Get an app's pipeline coupling",
    tag: 'Pipelines',
    response: CouplingResponse,
    permission: 'pipeline:read',
    handler: async ({ params, resolve }) => wire(await resolve(PipelineService).couplingOfApp(params.app!)),
  }),
  route({
    method: 'get',
    path: '/pipeline-couplings/:coupling',
    summary: 'Get a pipeline coupling',
    tag: 'Pipelines',
    response: CouplingResponse,
    permission: 'pipeline:read',
    handler: async ({ params, resolve }) => wire(await resolve(PipelineService).getCoupling(params.coupling!)),
  }),
  route({
    method: 'patch',
    path: '/pipeline-couplings/:coupling',
    summary: "Change a coupling's stage or required status checks",
    tag: 'Pipelines',
    body: CouplingUpdate,
    response: CouplingResponse,
    permission: 'pipeline:write',
    handler: async ({ params, body, principal, resolve }) => wire(await resolve(PipelineService).update(principal, params.coupling!, body)),
  }),
  route({
    method: 'delete',
    path: '/pipeline-couplings/:coupling',
    summary: 'Remove an app from its pipeline',
    tag: 'Pipelines',
    response: CouplingResponse,
    permission: 'pipeline:write',
    handler: async ({ params, principal, resolve }) => wire(await resolve(PipelineService).uncouple(principal, params.coupling!)),
  }),
];
