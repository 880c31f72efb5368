import { ORG_NAME, assertName, normalizeName } from '../domain/names.js';
import { newId } from '../../../kernel/ids.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { Organization } from '../domain/records.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { requireOrganization } from './resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';

/** Organizations: create, read, list. */
export class OrganizationService {
  constructor(private readonly uow: UnitOfWork) {}

  /** Creates an organization; ConflictError when the name is taken. */
  create(actor: Principal, input: { name: string; description: string }): Promise<Organization> {
    const name = normalizeName(input.name);
    assertName(name, ORG_NAME, 'name', 'Organization name');
    const now = new Date();
    const org: Organization = { id: newId(), name, description: input.description, created_at: now, updated_at: now };
    return this.uow.run(actor, async (tx, events) => {
      await tx.organizations.insert(org);
      events.emit('organization_create', { organization: { id: org.id, name: org.name } });
      return org;
    });
  }

  /** One organization by id or name. */
  get(ref: string): Promise<Organization> {
    return this.uow.read((tx) => requireOrganization(tx, ref));
  }

  /** A page of organizations. */
  async list(page: PageRequest): Promise<Page<Organization>> {
    const rows = await this.uow.read((tx) => tx.organizations.list(page));
    return toPage(rows, page, (o) => (page.sort === 'name' ? o.name : o.id));
  }
}
