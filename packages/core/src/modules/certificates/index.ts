import { instanceCachingFactory } from 'tsyringe';
import { ValidationError } from '../../errors.js';
import type { PlatformModule } from '../../kernel/module.js';
import { SecretBox } from '../../kernel/secrets.js';
import { PLATFORM_CATALOG } from '../foundation/services/catalog.js';
import { ROUTER_DRIVER, type RouterDriver } from '../router/router-driver.js';
import { CERT_ISSUER, type CertIssuer } from './cert-issuer.js';
import { certificateRoutes } from './operations/certificates.js';
import { certificateInstallHandler, certificateOrderHandler, type CertificateJobDeps } from './services/certificate-jobs.js';
import { CertificateService } from './services/certificates.js';

/** What the certificates module is configured with. */
export interface CertificatesModuleOptions {
  /** The CA orders go to (ACME, a local CA ...). */
  issuer: CertIssuer;
  /** The platform secret key (32 bytes, hex or base64) sealing private keys at rest. */
  secretKey: string | Uint8Array;
  /** The router certificates are installed into when no router module registered one under ROUTER_DRIVER. */
  router?: RouterDriver;
  /** Renew an installed certificate this many days before it expires (default 30). */
  renewBeforeDays?: number;
  /** Fail an order the CA has not issued after this long (default 1 hour). */
  orderTimeoutMs?: number;
  /** Try a failed renewal again after this long while the certificate is still valid (default 6 hours). */
  renewRetryMs?: number;
  /** Longest wait between two polls of the CA when it suggests none (default 60 s). */
  maxPollIntervalMs?: number;
}

/**
 * SSL orders and endpoints: durable ordering from the CertIssuer, installation into the RouterDriver (the router
 * module's under ROUTER_DRIVER, else `options.router`), renewal before expiry, and re-installation at start.
 */
export function certificates(options: CertificatesModuleOptions): PlatformModule {
  if (options.secretKey === undefined) throw new ValidationError('certificates need the platform secret key to seal private keys at rest', 'secretKey');
  const box = new SecretBox(options.secretKey);
  const renewBeforeDays = options.renewBeforeDays ?? 30;
  if (!(renewBeforeDays >= 0)) throw new ValidationError('renewBeforeDays must be zero or more', 'renewBeforeDays');
  return {
    name: 'certificates',
    operations: certificateRoutes,
    register(ctx) {
      const c = ctx.container;
      c.register(CERT_ISSUER, { useValue: options.issuer });
      if (options.router && !c.isRegistered(ROUTER_DRIVER)) c.register(ROUTER_DRIVER, { useValue: options.router });
      const deps: CertificateJobDeps = {
        uow: ctx.uow,
        issuer: c.resolve(CERT_ISSUER),
        box,
        // Resolved at use: a router module listed after this one registers its driver later.
        router: () => (c.isRegistered(ROUTER_DRIVER) ? c.resolve(ROUTER_DRIVER) : (options.router ?? null)),
        renewBeforeDays,
        orderTimeoutMs: options.orderTimeoutMs ?? 3_600_000,
        renewRetryMs: options.renewRetryMs ?? 6 * 3_600_000,
        maxPollIntervalMs: options.maxPollIntervalMs ?? 60_000,
      };
      c.register(CertificateService, { useFactory: instanceCachingFactory((r) => new CertificateService(ctx.uow, deps, r.resolve(PLATFORM_CATALOG), ctx.jobs)) });
      ctx.jobs.register(certificateOrderHandler(deps));
      ctx.jobs.register(certificateInstallHandler(deps));
      ctx.lifecycle.onStart(() => c.resolve(CertificateService).reinstallAll());
    },
  };
}
