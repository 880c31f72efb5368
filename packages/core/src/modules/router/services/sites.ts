import { ConflictError, NotFoundError, ValidationError } from '../../../errors.js';
import type { Principal } from '../../../kernel/authenticator.js';
import { newId } from '../../../kernel/ids.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { PlatformCatalog, Region } from '../../foundation/domain/catalog.js';
import { normalizeName } from '../../foundation/domain/names.js';
import { assertDomain, normalizeDomain, type Site } from '../domain/sites.js';
import { enqueueConverge } from './router-jobs.js';

/** Loads a site by id or domain or throws NotFoundError naming `field`. */
export async function requireSite(tx: StoreTx, ref: string, field = 'site'): Promise<Site> {
  const site = await tx.sites.find(normalizeDomain(ref));
  if (!site) throw new NotFoundError(`The specified site ${ref} was not found.`, field);
  return site;
}

/** The `site` block of site events. */
function siteSubject(site: Site): { site: { id: string; domain: string; region: string } } {
  return { site: { id: site.id, domain: site.domain, region: site.region } };
}

/** Sites: domains whose paths are routed to apps; each change reconverges the site's host. */
export class SiteService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly catalog: PlatformCatalog,
  ) {}

  /** The catalog region of a site (for its wire shape). */
  region(site: Site): Region | undefined {
    return this.catalog.regions.find((r) => r.name === site.region);
  }

  /** Creates a site; 422 for a bad domain or region, 409 when the domain is taken. */
  create(actor: Principal, input: { domain: string; region?: string | undefined; internal?: boolean | null | undefined }): Promise<Site> {
    const domain = normalizeDomain(input.domain);
    assertDomain(domain);
    const apps = this.catalog.appsDomain.toLowerCase();
    if (domain === apps || domain.endsWith(`.${apps}`)) {
      throw new ValidationError(`The domain ${domain} is inside the apps domain ${apps}, whose names are the apps' own.`, 'domain');
    }
    const ref = input.region === undefined ? undefined : normalizeName(input.region);
    const region = ref === undefined ? this.catalog.regions[0] : this.catalog.regions.find((r) => r.name === ref || r.id === ref);
    if (!region) throw new ValidationError(`The region ${input.region} is not a region of this platform.`, 'region');
    return this.uow.run(actor, async (tx, events) => {
      if (await tx.sites.find(domain)) throw new ConflictError(`The specified site ${domain} already exists.`, 'domain');
      const now = new Date();
      const site: Site = { id: newId(), domain, region: region.name, internal: input.internal ?? false, created_at: now, updated_at: now };
      await tx.sites.insert(site);
      await events.emit('site_create', siteSubject(site));
      await enqueueConverge(tx, site.domain);
      return site;
    });
  }

  /** One site by id or domain. */
  get(ref: string): Promise<Site> {
    return this.uow.read((tx) => requireSite(tx, ref));
  }

  /** A page of sites. */
  async list(page: PageRequest): Promise<Page<Site>> {
    const rows = await this.uow.read((tx) => tx.sites.list(page));
    return toPage(rows, page, (s) => (page.sort === 'domain' ? s.domain : s.id));
  }

  /** Deletes a site with its routes; the router stops serving its domain. */
  delete(actor: Principal, ref: string): Promise<Site> {
    return this.uow.run(actor, async (tx, events) => {
      const site = await requireSite(tx, ref);
      await tx.siteRoutes.deleteBySite(site.id);
      await tx.sites.delete(site.id);
      await events.emit('site_delete', siteSubject(site));
      await enqueueConverge(tx, site.domain);
      return site;
    });
  }
}
