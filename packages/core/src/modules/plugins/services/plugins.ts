import { ConflictError, NotFoundError } from '../../../errors.js';
import { newId } from '../../../kernel/ids.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import { validatePluginName, validatePluginRepo, type Plugin } from '../domain/plugins.js';

/** What creating a plugin takes (the seed's flat body). */
export interface PluginInput {
  name: string;
  repo: string;
  owner: string;
  email: string;
  description?: string;
}

/** The plugin registry: publish, revise, unpublish, list and look up CLI plugins. */
export class PluginService {
  constructor(private readonly uow: UnitOfWork) {}

  /** Publishes a plugin; a taken name is a ConflictError. */
  create(actor: Principal, input: PluginInput): Promise<Plugin> {
    const name = validatePluginName(input.name);
    const repo = validatePluginRepo(input.repo);
    return this.uow.run(actor, async (tx) => {
      if (await tx.plugins.find(name)) throw new ConflictError(`The plugin ${name} already exists.`, 'name');
      const now = new Date();
      const plugin: Plugin = { id: newId(), name, description: input.description ?? '', owner_name: input.owner, owner_email: input.email, repo, created_at: now, updated_at: now };
      await tx.plugins.insert(plugin);
      return plugin;
    });
  }

  /** Revises a plugin's repo, owner, email or description. */
  update(actor: Principal, ref: string, input: Partial<Omit<PluginInput, 'name'>>): Promise<Plugin> {
    const repo = input.repo === undefined ? undefined : validatePluginRepo(input.repo);
    return this.uow.run(actor, async (tx) => {
      const plugin = await requirePlugin(tx, ref);
      const next: Plugin = {
        ...plugin,
        ...(repo !== undefined ? { repo } : {}),
        ...(input.owner !== undefined ? { owner_name: input.owner } : {}),
        ...(input.email !== undefined ? { owner_email: input.email } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        updated_at: new Date(),
      };
      await tx.plugins.update(next);
      return next;
    });
  }

  /** Unpublishes a plugin and answers what it was. */
  delete(actor: Principal, ref: string): Promise<Plugin> {
    return this.uow.run(actor, async (tx) => {
      const plugin = await requirePlugin(tx, ref);
      await tx.plugins.delete(plugin.id);
      return plugin;
    });
  }

  /** A page of plugins. */
  async list(page: PageRequest): Promise<Page<Plugin>> {
    const rows = await this.uow.read((tx) => tx.plugins.list(page));
    return toPage(rows, page, (p) => (page.sort === 'name' ? p.name : p.id));
  }

  /** One plugin by id or name. */
  get(ref: string): Promise<Plugin> {
    return this.uow.read((tx) => requirePlugin(tx, ref));
  }
}

async function requirePlugin(tx: StoreTx, ref: string): Promise<Plugin> {
  const plugin = await tx.plugins.find(ref);
  if (!plugin) throw new NotFoundError(`The plugin ${ref} was not found.`, 'plugin');
  return plugin;
}
