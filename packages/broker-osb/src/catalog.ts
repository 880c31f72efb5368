import type { BrokerCatalog } from '@slipway/core';
import { z } from 'zod';

const record = z.record(z.string(), z.unknown());

const planSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string().default(''),
  free: z.boolean().default(true),
  bindable: z.boolean().optional(),
  plan_updateable: z.boolean().optional(),
  maximum_polling_duration: z.number().int().positive().optional(),
  maintenance_info: z.object({ version: z.string().min(1), description: z.string().optional() }).optional(),
  metadata: record.nullish(),
  schemas: record.nullish(),
});

const serviceSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string().default(''),
  tags: z.array(z.string()).default([]),
  requires: z.array(z.string()).default([]),
  bindable: z.boolean(),
  plan_updateable: z.boolean().default(false),
  instances_retrievable: z.boolean().default(false),
  bindings_retrievable: z.boolean().default(false),
  allow_context_updates: z.boolean().default(false),
  metadata: record.nullish(),
  plans: z.array(planSchema).min(1),
});

const catalogSchema = z.object({ services: z.array(serviceSchema) });

/**
 * Reads a /v2/catalog body into the core's shape, folding plan-level `bindable` and
 * `plan_updateable` over the service defaults. Returns an error text (never the body) when invalid.
 */
export function parseCatalog(json: unknown): { catalog: BrokerCatalog } | { error: string } {
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `${issue.path.join('.') || 'body'}: ${issue.message}` };
  }
  const ids = new Set<string>();
  for (const s of parsed.data.services) {
    for (const id of [s.id, ...s.plans.map((p) => p.id)]) {
      if (ids.has(id)) return { error: `id ${id} appears twice` };
      ids.add(id);
    }
  }
  return {
    catalog: {
      services: parsed.data.services.map((s) => ({
        id: s.id,
        name: s.name,
        description: s.description,
        tags: s.tags,
        requires: s.requires,
        bindable: s.bindable,
        plan_updateable: s.plan_updateable,
        instances_retrievable: s.instances_retrievable,
        bindings_retrievable: s.bindings_retrievable,
        allow_context_updates: s.allow_context_updates,
        metadata: s.metadata ?? {},
        plans: s.plans.map((p) => ({
          id: p.id,
          name: p.name,
          description: p.description,
          free: p.free,
          bindable: p.bindable ?? s.bindable,
          plan_updateable: p.plan_updateable ?? s.plan_updateable,
          maximum_polling_duration: p.maximum_polling_duration ?? null,
          maintenance_info: p.maintenance_info ?? null,
          metadata: p.metadata ?? {},
          schemas: p.schemas ?? null,
        })),
      })),
    },
  };
}
