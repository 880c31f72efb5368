import { ConcurrencyError, NotFoundError, ValidationError } from '../../../errors.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import { assertHealthcheck, assertProcessType, assertQuantity, initialQuantity, type Formation } from '../domain/deploys.js';
import { newId } from '../../../kernel/ids.js';
import type { AppView } from '../../foundation/domain/records.js';
import { DEFAULT_WEB_PORT, WEB_PROCESS_TYPE } from '../domain/runtime.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import { enqueueDeploy } from './deploys.js';
import { eventSubject, requireApp } from '../../foundation/services/resolve.js';
import type { EventSink, UnitOfWork } from '../../../kernel/unit-of-work.js';

/** Fields a formation create or update may carry (the seed's names, remove flags included). */
export interface FormationInput {
  size?: string;
  quantity?: number;
  port?: number | null;
  command?: string | null;
  healthcheck?: string | null;
  removeHealthcheck?: boolean;
  'remove-command'?: boolean;
}

/** A formation with the app it belongs to. */
export interface FormationView {
  formation: Formation;
  view: AppView;
}

function assertPort(port: number | null | undefined): void {
  if (port !== null && port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new ValidationError('port must be an integer between 1 and 65535', 'port');
  }
}

/** The `changes` entry of a formation_change payload. */
function change(f: Formation) {
  return { type: f.type, port: f.port, command: f.command, size: f.size, quantity: f.quantity };
}

/** Creates a formation for each Procfile process type the app lacks (web gets one dyno), announcing them. */
export async function ensureFormations(tx: StoreTx, events: EventSink, view: AppView, types: string[], size: string): Promise<Formation[]> {
  const existing = new Set((await tx.formations.list(view.app.id)).map((f) => f.type));
  const created: Formation[] = [];
  for (const type of types) {
    if (existing.has(type)) continue;
    const now = new Date();
    const f: Formation = {
      id: newId(),
      app_id: view.app.id,
      type,
      quantity: initialQuantity(type),
      size,
      command: null,
      port: type === WEB_PROCESS_TYPE ? DEFAULT_WEB_PORT : null,
      healthcheck: null,
      created_at: now,
      updated_at: now,
    };
    await tx.formations.insert(f);
    created.push(f);
  }
  if (created.length) await events.emit('formation_change', { ...eventSubject(view), change: 'create', changes: created.map(change) }, view.app.id);
  return created;
}

/** Formations (process types) of apps: create, scale, change, delete; every change redeploys a released app. */
export class FormationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly catalog: PlatformCatalog,
  ) {}

  /** Adds a process type; 409 when the app has it already. */
  create(actor: Principal, appRef: string, input: FormationInput & { type: string }): Promise<FormationView> {
    assertProcessType(input.type);
    const quantity = input.quantity ?? initialQuantity(input.type);
    assertQuantity(quantity);
    const size = this.size(input.size);
    assertPort(input.port);
    if (input.healthcheck) assertHealthcheck(input.healthcheck);
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const now = new Date();
      const formation: Formation = {
        id: newId(),
        app_id: view.app.id,
        type: input.type,
        quantity,
        size,
        command: input.command ?? null,
        port: input.port ?? (input.type === WEB_PROCESS_TYPE ? DEFAULT_WEB_PORT : null),
        healthcheck: input.healthcheck ?? null,
        created_at: now,
        updated_at: now,
      };
      await tx.formations.insert(formation);
      await this.changed(tx, events, view, 'create', [formation]);
      return { formation, view };
    });
  }

  /** Every process type of an app. */
  list(appRef: string): Promise<FormationView[]> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      return (await tx.formations.list(view.app.id)).map((formation) => ({ formation, view }));
    });
  }

  /** One process type of an app. */
  get(appRef: string, type: string): Promise<FormationView> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, appRef);
      return { formation: await this.require(tx, view, type), view };
    });
  }

  /** Updates one process type. */
  async update(actor: Principal, appRef: string, type: string, input: FormationInput): Promise<FormationView> {
    const [one] = await this.batch(actor, appRef, [{ ...input, type }]);
    return one!;
  }

  /** Updates several process types at once (all or none); unknown types are 404. */
  batch(actor: Principal, appRef: string, inputs: Array<FormationInput & { type: string }>): Promise<FormationView[]> {
    if (!inputs.length) throw new ValidationError('The batch names no formations', 'body');
    const seen = new Set<string>();
    for (const input of inputs) {
      if (seen.has(input.type)) throw new ValidationError(`type ${input.type} is listed twice`, 'type');
      seen.add(input.type);
      if (input.quantity !== undefined) assertQuantity(input.quantity);
      if (input.size !== undefined) this.size(input.size);
      assertPort(input.port);
      if (input.healthcheck) assertHealthcheck(input.healthcheck);
    }
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const updated: Formation[] = [];
      for (const input of inputs) {
        const f = await this.require(tx, view, input.type);
        const next: Formation = {
          ...f,
          ...(input.quantity !== undefined ? { quantity: input.quantity } : {}),
          ...(input.size !== undefined ? { size: this.size(input.size) } : {}),
          ...(input.port !== undefined ? { port: input.port ?? (f.type === WEB_PROCESS_TYPE ? DEFAULT_WEB_PORT : null) } : {}),
          ...(input.command !== undefined ? { command: input.command || null } : {}),
          ...(input.healthcheck !== undefined ? { healthcheck: input.healthcheck || null } : {}),
          ...(input['remove-command'] ? { command: null } : {}),
          ...(input.removeHealthcheck ? { healthcheck: null } : {}),
          updated_at: new Date(),
        };
        await tx.formations.update(next);
        updated.push(next);
      }
      await this.changed(tx, events, view, 'update', updated);
      return updated.map((formation) => ({ formation, view }));
    });
  }

  /** Removes a process type (its dynos go with the next deploy). */
  delete(actor: Principal, appRef: string, type: string): Promise<FormationView> {
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, appRef);
      const formation = await this.require(tx, view, type);
      if (!(await tx.formations.delete(formation.id))) throw new ConcurrencyError(`the formation ${formation.id} was deleted concurrently`);
      await this.changed(tx, events, view, 'delete', [formation]);
      return { formation, view };
    });
  }

  private async changed(tx: StoreTx, events: EventSink, view: AppView, kind: 'create' | 'update' | 'delete', formations: Formation[]): Promise<void> {
    if (await tx.releases.current(view.app.id)) await enqueueDeploy(tx, view.app.id);
    await events.emit('formation_change', { ...eventSubject(view), change: kind, changes: formations.map(change) }, view.app.id);
  }

  private async require(tx: StoreTx, view: AppView, type: string): Promise<Formation> {
    const f = await tx.formations.get(view.app.id, type.toLowerCase());
    if (!f) throw new NotFoundError(`The formation ${type} was not found.`, 'formation');
    return f;
  }

  private size(name: string | undefined): string {
    if (name === undefined) return this.catalog.defaultSize;
    const size = this.catalog.sizes.find((s) => s.name === name.toLowerCase());
    if (!size) throw new ValidationError(`size must be one of ${this.catalog.sizes.map((s) => s.name).join(', ')} (see /sizes)`, 'size');
    return size.name;
  }
}
