import type pg from 'pg';

/** Where an operation stands, as last_operation reports it. */
export type OpState = 'in progress' | 'succeeded' | 'failed';

/** Fields every tracked resource shares: its last operation. */
export interface Tracked {
  op_kind: string | null;
  op_id: string | null;
  op_state: OpState | null;
  op_description: string | null;
  /** When an async operation may finish (the work is done by the first poll after it). */
  op_ready_at: Date | null;
}

/** A provisioned (or provisioning) instance. */
export interface InstanceRow extends Tracked {
  id: string;
  service_id: string;
  plan_id: string;
  /** Plan an async update moves to once it finishes. */
  target_plan_id: string | null;
  parameters: Record<string, unknown>;
  organization_guid: string;
  space_guid: string;
  db_name: string;
  role_name: string;
  state: 'provisioning' | 'ready' | 'failed' | 'deprovisioning';
}

/** A binding (a login role with its password, so replays and GETs return the same credentials). */
export interface BindingRow extends Tracked {
  instance_id: string;
  id: string;
  app_guid: string | null;
  parameters: Record<string, unknown>;
  role_name: string;
  password: string;
  state: 'binding' | 'ready' | 'failed' | 'unbinding';
}

const SCHEMA = `
create table if not exists osb_broker_instances (
  id text primary key,
  service_id text not null,
  plan_id text not null,
  target_plan_id text,
  parameters jsonb not null,
  organization_guid text not null,
  space_guid text not null,
  db_name text not null,
  role_name text not null,
  state text not null,
  op_kind text, op_id text, op_state text, op_description text, op_ready_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table if not exists osb_broker_bindings (
  instance_id text not null references osb_broker_instances(id) on delete cascade,
  id text not null,
  app_guid text,
  parameters jsonb not null,
  role_name text not null,
  password text not null,
  state text not null,
  op_kind text, op_id text, op_state text, op_description text, op_ready_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (instance_id, id)
);`;

/**
 * The broker's own records, in a table of the database it was given, so a broker restart forgets
 * nothing: async operations resume on the next poll.
 */
export class Bookkeeping {
  constructor(private readonly pool: pg.Pool) {}

  /** Creates the tables when missing. */
  async migrate(): Promise<void> {
    await this.pool.query(SCHEMA);
  }

  /** One instance, or null. */
  async instance(id: string): Promise<InstanceRow | null> {
    const r = await this.pool.query<InstanceRow>('select * from osb_broker_instances where id = $1', [id]);
    return r.rows[0] ?? null;
  }

  /** Records a new instance; false when one with that id appeared meanwhile. */
  async insertInstance(row: InstanceRow): Promise<boolean> {
    const r = await this.pool.query(
      `insert into osb_broker_instances
         (id, service_id, plan_id, target_plan_id, parameters, organization_guid, space_guid, db_name, role_name, state,
          op_kind, op_id, op_state, op_description, op_ready_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) on conflict (id) do nothing`,
      [
        row.id, row.service_id, row.plan_id, row.target_plan_id, JSON.stringify(row.parameters), row.organization_guid,
        row.space_guid, row.db_name, row.role_name, row.state, row.op_kind, row.op_id, row.op_state, row.op_description,
        row.op_ready_at,
      ],
    );
    return r.rowCount === 1;
  }

  /** Changes some columns of an instance. */
  async updateInstance(id: string, changes: Partial<Omit<InstanceRow, 'id'>>): Promise<void> {
    await this.update('osb_broker_instances', 'id = $1', [id], changes);
  }

  /** Forgets an instance and its bindings. */
  async deleteInstance(id: string): Promise<void> {
    await this.pool.query('delete from osb_broker_instances where id = $1', [id]);
  }

  /** One binding, or null. */
  async binding(instanceId: string, id: string): Promise<BindingRow | null> {
    const r = await this.pool.query<BindingRow>('select * from osb_broker_bindings where instance_id = $1 and id = $2', [
      instanceId,
      id,
    ]);
    return r.rows[0] ?? null;
  }

  /** Every binding of an instance. */
  async bindings(instanceId: string): Promise<BindingRow[]> {
    const r = await this.pool.query<BindingRow>('select * from osb_broker_bindings where instance_id = $1', [instanceId]);
    return r.rows;
  }

  /** Records a new binding; false when one with that id appeared meanwhile. */
  async insertBinding(row: BindingRow): Promise<boolean> {
    const r = await this.pool.query(
      `insert into osb_broker_bindings
         (instance_id, id, app_guid, parameters, role_name, password, state, op_kind, op_id, op_state, op_description, op_ready_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) on conflict (instance_id, id) do nothing`,
      [
        row.instance_id, row.id, row.app_guid, JSON.stringify(row.parameters), row.role_name, row.password, row.state,
        row.op_kind, row.op_id, row.op_state, row.op_description, row.op_ready_at,
      ],
    );
    return r.rowCount === 1;
  }

  /** Changes some columns of a binding. */
  async updateBinding(instanceId: string, id: string, changes: Partial<Omit<BindingRow, 'id' | 'instance_id'>>): Promise<void> {
    await this.update('osb_broker_bindings', 'instance_id = $1 and id = $2', [instanceId, id], changes);
  }

  /** Forgets a binding. */
  async deleteBinding(instanceId: string, id: string): Promise<void> {
    await this.pool.query('delete from osb_broker_bindings where instance_id = $1 and id = $2', [instanceId, id]);
  }

  private async update(table: string, where: string, keys: unknown[], changes: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(changes);
    if (cols.length === 0) return;
    const sets = cols.map((c, i) => `${c} = $${keys.length + i + 1}`);
    const values = cols.map((c) => (c === 'parameters' ? JSON.stringify(changes[c]) : changes[c]));
    await this.pool.query(`update ${table} set ${sets.join(', ')}, updated_at = now() where ${where}`, [...keys, ...values]);
  }
}
