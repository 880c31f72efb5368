import { BadRequestError, ConflictError, DriverUnavailableError, NotFoundError, UnprocessableError, ValidationError } from '../../../errors.js';
import { SYSTEM_PRINCIPAL, type Principal } from '../../../kernel/authenticator.js';
import { newId } from '../../../kernel/ids.js';
import { enqueueJob, type JobRunner } from '../../../kernel/jobs.js';
import { toPage, type Page, type PageRequest } from '../../../kernel/paging.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { PlatformCatalog } from '../../foundation/domain/catalog.js';
import type { CertificateRequest } from '../cert-issuer.js';
import { certificateRequest } from '../kind.js';
import { CERTIFICATE_NAME, explicitlyCovered, type CertificateOrder } from '../domain/certificate-order.js';
import { certificateEventPayload } from './certificate-events.js';
import { CERTIFICATE_INSTALL, CERTIFICATE_ORDER, certificateJobKey, installInto, scheduleRenewal, type CertificateJobDeps, type CertificateOrderPayload } from './certificate-jobs.js';

/** What POST /ssl-orders carries. */
export interface SslOrderInput {
  name: string;
  common_name?: string | null | undefined;
  domain_names: string[];
  org: string;
  comments?: string | null | undefined;
  region?: string | null | undefined;
}

/** Certificate orders, their installation into the router and the SSL endpoints they become. */
export class CertificateService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly deps: CertificateJobDeps,
    private readonly catalog: PlatformCatalog,
    private readonly jobs: JobRunner,
  ) {}

  /** Places an order: validated, refused (422) when a claiming order already lists one of the names, then ordered by a job. */
  async create(principal: Principal, input: SslOrderInput): Promise<CertificateOrder> {
    if (!CERTIFICATE_NAME.test(input.name)) throw new ValidationError('The name of a certificate must be alphanumeric (dashes and dots allowed), at most 64 characters.', 'name');
    let request: CertificateRequest;
    try {
      request = certificateRequest({ common_name: input.common_name ?? null, domains: input.domain_names });
    } catch (err) {
      // The seed answers 400 for an invalid domain name (ValidationError would be 422).
      if (err instanceof ValidationError) throw new BadRequestError(err.message, err.field === 'domains' ? 'domain_names' : err.field);
      throw err;
    }
    if (!this.deps.issuer.kinds.includes(request.kind)) {
      throw new BadRequestError(`The certificate issuer ${this.deps.issuer.name} cannot issue ${request.kind} certificates.`, 'domain_names');
    }
    const region = input.region ? this.catalog.regions.find((r) => r.name === input.region || r.id === input.region) : this.catalog.regions[0];
    if (!region) throw new NotFoundError(`The region ${input.region ?? '(default)'} was not found.`, 'region');
    const order = await this.uow.run(principal, async (tx, events) => {
      const org = await tx.organizations.find(input.org);
      if (!org) throw new NotFoundError(`The organization ${input.org} was not found.`, 'org');
      if (await tx.certificateOrders.find(input.name)) throw new UnprocessableError('The specified certificate name already exists.', 'name');
      const covered = explicitlyCovered(request.domains, await tx.certificateOrders.listing(request.domains));
      if (covered.length) throw new UnprocessableError(`An existing certificate already covers ${covered.join(', ')}.`, 'domain_names');
      const now = new Date();
      const o: CertificateOrder = {
        id: newId(),
        name: input.name,
        comments: input.comments ?? '',
        requester: principal.username,
        org_id: org.id,
        org_name: org.name,
        region_id: region.id,
        region_name: region.name,
        common_name: request.common_name,
        domains: request.domains,
        kind: request.kind,
        status: 'pending',
        status_reason: null,
        installed: false,
        issuer: this.deps.issuer.name,
        order_ref: null,
        order_key_sealed: null,
        cert_pem: null,
        key_sealed: null,
        issued_at: null,
        expires_at: null,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await tx.certificateOrders.insert(o);
      const payload: CertificateOrderPayload = { order_id: o.id, renew: false, deadline: new Date(now.getTime() + this.deps.orderTimeoutMs).toISOString() };
      await enqueueJob(tx, CERTIFICATE_ORDER, certificateJobKey(o.id), payload);
      await events.emit('ssl_order_create', certificateEventPayload(o));
      return o;
    });
    this.jobs.wake();
    return order;
  }

  /** A page of every order. */
  async list(page: PageRequest): Promise<Page<CertificateOrder>> {
    return toPage(await this.uow.read((tx) => tx.certificateOrders.list({}, page)), page, (o) => (page.sort === 'name' ? o.name : o.id));
  }

  /** One order by id or name. */
  async get(idOrName: string): Promise<CertificateOrder> {
    const o = await this.uow.read((tx) => tx.certificateOrders.find(idOrName));
    if (!o) throw new NotFoundError(`The certificate ${idOrName} was not found.`);
    return o;
  }

  /** A page of installed certificates. */
  async endpoints(page: PageRequest): Promise<Page<CertificateOrder>> {
    return toPage(await this.uow.read((tx) => tx.certificateOrders.list({ installed: true }, page)), page, (o) => (page.sort === 'name' ? o.name : o.id));
  }

  /** One installed certificate; 404 when it is not installed. */
  async endpoint(idOrName: string): Promise<CertificateOrder> {
    const o = await this.uow.read((tx) => tx.certificateOrders.find(idOrName));
    if (!o || !o.installed) throw new NotFoundError(`The certificate ${idOrName} was not found.`);
    return o;
  }

  /**
   * Installs an issued certificate into the router at once (every host it covers serves it from the next handshake),
   * then records it and schedules its renewal. 409 when installed already, 422 when not issued.
   */
  async install(principal: Principal, idOrName: string): Promise<CertificateOrder> {
    const o = await this.get(idOrName);
    if (o.installed) throw new ConflictError('The specified certificate is already installed.');
    if (!o.cert_pem || !o.key_sealed) throw new UnprocessableError('The specified certificate has not yet been approved and issued.');
    const router = this.deps.router();
    if (!router) throw new DriverUnavailableError('No router is configured to install certificates into.');
    await installInto(router, this.deps.box, o);
    return this.uow.run(principal, async (tx, events) => {
      const current = await tx.certificateOrders.find(o.id);
      if (!current) throw new NotFoundError(`The certificate ${idOrName} was not found.`);
      if (current.installed) throw new ConflictError('The specified certificate is already installed.');
      const next: CertificateOrder = { ...current, installed: true, updated_at: new Date(), version: current.version + 1 };
      await tx.certificateOrders.update(next);
      await scheduleRenewal(tx, next, this.deps);
      await events.emit('ssl_endpoint_install', certificateEventPayload(next));
      return next;
    });
  }

  /** The root clients must trust (`curl --cacert`) when the issuer is not publicly trusted; 404 otherwise. */
  async caRoot(): Promise<{ issuer: string; certificate: string }> {
    const issuer = this.deps.issuer;
    if (!issuer.rootCertificatePem) throw new NotFoundError(`The certificate issuer ${issuer.name} uses publicly trusted roots.`);
    return { issuer: issuer.name, certificate: await issuer.rootCertificatePem() };
  }

  /** Installs every installed certificate into the router again (a restarted embedded router starts empty). */
  async reinstallAll(): Promise<void> {
    const router = this.deps.router();
    if (!router) return;
    const failed: CertificateOrder[] = [];
    for (const o of await this.uow.read((tx) => tx.certificateOrders.installed())) {
      try {
        await installInto(router, this.deps.box, o);
      } catch {
        // One certificate the router refuses must not keep the platform from starting: a durable job retries it.
        failed.push(o);
      }
    }
    if (!failed.length) return;
    await this.uow.run(SYSTEM_PRINCIPAL, async (tx) => {
      for (const o of failed) await enqueueJob(tx, CERTIFICATE_INSTALL, certificateJobKey(o.id), { order_id: o.id });
    });
    this.jobs.wake();
  }
}
