/** How a plan behaves; the catalog shows only what OSB defines, the rest drives the broker. */
export interface PlanBehaviour {
  /** Whether provision, update, bind, unbind and deprovision answer 202 and finish later. */
  async: boolean;
  /** Injects failures chosen by the `fail` parameter (see failures.ts). */
  chaos: boolean;
  /** CONNECTION LIMIT of the provisioned database: what changing plans really changes. */
  connectionLimit: number;
}

/** A plan as published in the catalog plus its behaviour. */
export interface BrokerPlanDefinition {
  id: string;
  name: string;
  description: string;
  free: boolean;
  plan_updateable?: boolean;
  maximum_polling_duration?: number;
  maintenance_info: { version: string; description: string };
  metadata: Record<string, unknown>;
  behaviour: PlanBehaviour;
}

/** The single service this broker offers. */
export const SERVICE = {
  id: 'a3d2c1f0-5b8e-4e0f-9a51-6c1b0e2f7d10',
  name: 'postgresql',
  description: 'A PostgreSQL database with its own role; every binding gets its own login.',
  tags: ['postgresql', 'relational'],
  requires: [] as string[],
  bindable: true,
  plan_updateable: true,
  instances_retrievable: false,
  bindings_retrievable: true,
  allow_context_updates: false,
  metadata: { displayName: 'PostgreSQL (example broker)' },
} as const;

const MAINTENANCE = { version: '1.0.0', description: 'Initial release.' };

/** Plans: two synchronous sizes, an asynchronous one, and one that injects failures on demand. */
export const PLANS: BrokerPlanDefinition[] = [
  {
    id: 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b51',
    name: 'small',
    description: 'Synchronous: a database limited to 5 connections.',
    free: true,
    maintenance_info: MAINTENANCE,
    metadata: { connections: 5 },
    behaviour: { async: false, chaos: false, connectionLimit: 5 },
  },
  {
    id: 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b52',
    name: 'medium',
    description: 'Synchronous: a database limited to 20 connections.',
    free: false,
    maintenance_info: MAINTENANCE,
    metadata: { connections: 20 },
    behaviour: { async: false, chaos: false, connectionLimit: 20 },
  },
  {
    id: 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b53',
    name: 'async',
    description: 'Asynchronous: every operation finishes a little later (poll last_operation).',
    free: false,
    maximum_polling_duration: 120,
    maintenance_info: MAINTENANCE,
    metadata: { connections: 10 },
    behaviour: { async: true, chaos: false, connectionLimit: 10 },
  },
  {
    id: 'b1f0a7e2-1c3d-4f5a-8b6c-0d1e2f3a4b54',
    name: 'chaos',
    description: 'Injects failures chosen by the "fail" parameter, to prove retries and orphan mitigation.',
    free: true,
    plan_updateable: false,
    maximum_polling_duration: 60,
    maintenance_info: MAINTENANCE,
    metadata: { connections: 5 },
    behaviour: { async: false, chaos: true, connectionLimit: 5 },
  },
];

/** The plan with this id, if the catalog has it. */
export function findPlan(planId: unknown): BrokerPlanDefinition | undefined {
  return PLANS.find((p) => p.id === planId);
}

/** The OSB catalog document (behaviour stripped). */
export function catalogDocument(): { services: unknown[] } {
  return {
    services: [
      {
        ...SERVICE,
        plans: PLANS.map(({ behaviour: _behaviour, ...plan }) => plan),
      },
    ],
  };
}
