import { ValidationError } from '../../../errors.js';
import { applyConfigPatch, diffConfig, maskValues, validateConfigPatch } from '../domain/config-vars.js';
import { newId } from '../../../kernel/ids.js';
import { SPACE_NAME, assertName, normalizeName } from '../domain/names.js';
import { defaultPage, toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import { configChanged, type ConfigChangeHook } from './config-sources.js';
import type { AppView, Space } from '../domain/records.js';
import { SYSTEM_PRINCIPAL, type Principal } from '../../../kernel/authenticator.js';
import type { CatalogService } from './catalog.js';
import { DEFAULT_SPACE, REDACTED, redacts, requireSpace } from './resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';

/** Spaces and their inherited config vars. */
export class SpaceService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly catalog: CatalogService,
    private readonly changeHooks: ConfigChangeHook[] = [],
  ) {}

  /** Creates a space in a stack (the default stack when none is named). */
  create(actor: Principal, input: { name: string; description?: string; compliance?: string[]; stack?: string }): Promise<Space> {
    const name = normalizeName(input.name);
    assertName(name, SPACE_NAME, 'name', 'Space name');
    const stack = this.catalog.stack(input.stack ?? this.catalog.catalog.defaultStack);
    const now = new Date();
    const space: Space = {
      id: newId(),
      name,
      description: input.description ?? '',
      compliance: [...new Set(input.compliance ?? [])],
      stack: stack.name,
      state: 'allocated',
      created_at: now,
      updated_at: now,
      version: 1,
    };
    return this.uow.run(actor, async (tx, events) => {
      await tx.spaces.insert(space);
      events.emit('space_create', { space: { name: space.name }, compliance: space.compliance, stack: space.stack });
      return space;
    });
  }

  /** Creates the `default` space unless it exists, so apps can be created on a fresh install. */
  async ensureDefault(): Promise<void> {
    const existing = await this.uow.read((tx) => tx.spaces.find(DEFAULT_SPACE));
    if (existing) return;
    await this.create(SYSTEM_PRINCIPAL, { name: DEFAULT_SPACE, description: 'The default space' }).catch(async (err) => {
      // Another replica may have created it at the same moment; that is fine.
      if (!(await this.uow.read((tx) => tx.spaces.find(DEFAULT_SPACE)))) throw err;
    });
  }

  /** Updates description and/or compliance. */
  update(actor: Principal, ref: string, input: { description?: string; compliance?: string[] }): Promise<Space> {
    return this.uow.run(actor, async (tx, events) => {
      const space = await requireSpace(tx, ref);
      const next: Space = {
        ...space,
        description: input.description ?? space.description,
        compliance: input.compliance ? [...new Set(input.compliance)] : space.compliance,
        updated_at: new Date(),
        version: space.version + 1,
      };
      await tx.spaces.update(next);
      events.emit('space_update', { space: { name: next.name }, compliance: next.compliance, description: next.description });
      return next;
    });
  }

  /** How many apps each of these spaces holds. */
  appCounts(spaceIds: string[]): Promise<Record<string, number>> {
    return this.uow.read((tx) => tx.apps.countBySpace(spaceIds));
  }

  /** One space by id or name. */
  get(ref: string): Promise<Space> {
    return this.uow.read((tx) => requireSpace(tx, ref));
  }

  /** A page of spaces. */
  async list(page: PageRequest): Promise<Page<Space>> {
    const rows = await this.uow.read((tx) => tx.spaces.list(page));
    return toPage(rows, page, (s) => (page.sort === 'name' ? s.name : s.id));
  }

  /** The space's own config vars (redacted in SOCS spaces). */
  getConfig(ref: string): Promise<Record<string, string>> {
    return this.uow.read(async (tx) => {
      const space = await requireSpace(tx, ref);
      const vars = await tx.configVars.get({ kind: 'space', id: space.id });
      return redacts(space) ? maskValues(vars, REDACTED) : vars;
    });
  }

  /** Merges a patch into the space's config vars (null deletes); every app in the space inherits them. */
  patchConfig(actor: Principal, ref: string, body: Record<string, unknown>): Promise<Record<string, string>> {
    const patch = validateConfigPatch(body);
    if (!Object.keys(patch).length) throw new ValidationError('The patch names no config vars', 'body');
    return this.uow.run(actor, async (tx, events) => {
      const space = await requireSpace(tx, ref);
      const owner = { kind: 'space' as const, id: space.id };
      const before = await tx.configVars.get(owner);
      const changes = diffConfig(before, patch);
      await tx.configVars.patch(owner, patch);
      const vars = applyConfigPatch(before, patch);
      if (changes.length) {
        await events.emit('space_config_change', { space: { name: space.name }, changes });
        // Every app of the space inherits these vars: each rolls onto a new release.
        if (this.changeHooks.length) {
          for (let page: PageRequest | undefined = defaultPage(); page; ) {
            const rows = await tx.apps.list({ space_id: space.id }, page);
            const p: Page<AppView> = toPage(rows, page, (v) => v.app.id);
            for (const view of p.items) await configChanged(tx, view, this.changeHooks, `Space ${space.name} config vars changed`, events);
            page = p.next;
          }
        }
      }
      return redacts(space) ? maskValues(vars, REDACTED) : vars;
    });
  }
}
