import { CoreV1Api, NetworkingV1Api } from '@kubernetes/client-node';
import { ValidationError, type HostSpec, type RouterCertificate, type RouterDriver } from '@slipway/core';
import { KeyedMutex, canonicalJson } from '@slipway/driver-kit';
import { MERGE_PATCH, reconcile, type Manifest } from '@slipway/kube-kit';
import { kubeOrNull } from './errors.js';
import { covers, planHost } from './host-plan.js';
import { ingress, ingressPatch, type MaintenanceBackend } from './ingress.js';
import { KEYS, certificateSecretName } from './names.js';
import { checkRouterOptions, loadKubeConfig, type KubernetesRouterOptions } from './options.js';
import { RouteObjects, type RouteKindApi } from './route-objects.js';
import { TlsSecrets } from './tls-secrets.js';

/** Options of the Ingress router. */
export interface IngressRouterOptions extends KubernetesRouterOptions {
  /** `spec.ingressClassName` of every Ingress (the ingress controller that serves them). */
  ingressClassName: string;
  /**
   * Backend of paths whose app is in maintenance, in the app's namespace; default `slipway-maintenance:80`, which
   * need not exist (ingress controllers answer 503 for a Service without endpoints).
   */
  maintenanceBackend?: MaintenanceBackend;
}

/** Value of `slipway.io/router` on the objects this adapter owns, and its `name`. */
export const INGRESS_ROUTER = 'ingress';

/**
 * RouterDriver on `networking.k8s.io/v1` Ingress, the fallback for clusters without the Gateway API: one Ingress
 * per host and namespace of its target apps, `pathType: Prefix` paths to the apps' web Services, and `spec.tls`
 * naming the certificate's `kubernetes.io/tls` Secret, copied next to each Ingress that needs it. Ingress has no
 * portable prefix rewrite, so a route whose `target_path` differs from its `path` is refused (ValidationError).
 */
export class IngressRouter implements RouterDriver {
  readonly name = INGRESS_ROUTER;
  private readonly routes: RouteObjects;
  private readonly api: RouteKindApi;
  private readonly tls: TlsSecrets;
  private readonly prefix: string;
  private readonly className: string;
  private readonly maintenance: MaintenanceBackend;
  private readonly extraLabels: Record<string, string>;
  private readonly locks = new KeyedMutex();

  constructor(options: IngressRouterOptions) {
    checkRouterOptions(options);
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.ingressClassName ?? '')) throw new ValidationError('ingressClassName must name an IngressClass', 'ingressClassName');
    const kc = loadKubeConfig(options);
    const net = kc.makeApiClient(NetworkingV1Api);
    const fieldManager = options.fieldManager ?? 'slipway';
    this.api = {
      kind: 'ingress',
      read: (namespace, name) => net.readNamespacedIngress({ namespace, name }) as Promise<Manifest>,
      create: (namespace, body) => net.createNamespacedIngress({ namespace, body, fieldManager }),
      patch: (namespace, name, body) => net.patchNamespacedIngress({ namespace, name, body, fieldManager }, MERGE_PATCH),
      delete: (namespace, name) => net.deleteNamespacedIngress({ namespace, name }),
      listAll: async (labelSelector) => (await net.listIngressForAllNamespaces({ labelSelector })).items as Manifest[],
    };
    this.prefix = options.namespacePrefix ?? 'slipway-';
    this.className = options.ingressClassName;
    this.maintenance = options.maintenanceBackend ?? { service: 'slipway-maintenance', port: 80 };
    this.extraLabels = { ...options.labels };
    this.routes = new RouteObjects(this.api, INGRESS_ROUTER);
    this.tls = new TlsSecrets(kc.makeApiClient(CoreV1Api), options.certificateNamespace ?? 'slipway-system', INGRESS_ROUTER, this.extraLabels, fieldManager);
  }

  async converge(spec: HostSpec): Promise<void> {
    const groups = planHost(spec, this.prefix);
    const rewritten = spec.routes.find((r) => r.target_path !== r.path);
    if (rewritten) {
      throw new ValidationError(`the ingress router cannot rewrite ${rewritten.path} to ${rewritten.target_path} on ${spec.host}: Ingress has no portable path rewrite (use the Gateway API router)`, 'target_path');
    }
    return this.locks.run(spec.host, async () => {
      const cert = await this.tls.covering(spec.host);
      const labels = this.routes.labels(spec.host, this.extraLabels);
      for (const g of groups) {
        if (cert) await this.tls.copyTo(g.namespace, cert);
        const annotations = this.routes.annotations(spec.host, g);
        await this.routes.write(ingress(spec.host, g, this.className, this.maintenance, cert?.secret ?? null, labels, annotations), ingressPatch);
      }
      await this.routes.prune(spec.host, groups);
    });
  }

  async remove(host: string): Promise<void> {
    return this.locks.run(host, () => this.routes.removeHost(host));
  }

  async hosts(): Promise<string[]> {
    return this.routes.hosts();
  }

  /** Points one Ingress's `spec.tls` at the certificate now covering its host (or at none). */
  private async retarget(namespace: string, name: string, host: string): Promise<void> {
    const cert = await this.tls.covering(host);
    if (cert) await this.tls.copyTo(namespace, cert);
    const tls = cert ? [{ hosts: [host], secretName: cert.secret }] : null;
    await reconcile<Manifest>({
      what: `ingress ${name} in ${namespace}`,
      read: () => kubeOrNull(`reading ingress ${name}`, () => this.api.read(namespace, name)),
      // Gone meanwhile: the host was removed, nothing to point at the certificate.
      create: async () => undefined,
      patchFor: (cur) => (canonicalJson(cur.spec?.tls?.length ? cur.spec.tls : null) === canonicalJson(tls) ? null : { metadata: { resourceVersion: cur.metadata?.resourceVersion }, spec: { tls } }),
      patch: (body) => this.api.patch(namespace, name, body),
    });
  }

  async installCertificate(cert: RouterCertificate): Promise<void> {
    await this.tls.install(cert);
    for (const o of await this.routes.all()) {
      const host = o.metadata?.annotations?.[KEYS.host] as string | undefined;
      if (host && cert.domains.some((d) => covers(d, host))) await this.locks.run(host, () => this.retarget(o.metadata.namespace, o.metadata.name, host));
    }
  }

  async removeCertificate(id: string): Promise<void> {
    const secret = certificateSecretName(id);
    const using = (await this.routes.all()).filter((o) => o.spec?.tls?.some((t: { secretName?: string }) => t.secretName === secret));
    // The primary goes first, so retargeting finds the next best certificate (or none) rather than this one.
    await this.tls.removePrimary(id);
    for (const o of using) {
      const host = o.metadata?.annotations?.[KEYS.host] as string | undefined;
      if (host) await this.locks.run(host, () => this.retarget(o.metadata.namespace, o.metadata.name, host));
    }
    await this.tls.remove(id);
  }

  async close(): Promise<void> {
    // No watches or timers: every call is a request of its own.
  }
}

/** The Ingress router (`spec.ingressClassName` = `ingressClassName`). */
export function ingressRouter(options: IngressRouterOptions): IngressRouter {
  return new IngressRouter(options);
}
