import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { ValidationError, type HostSpec, type RouterCertificate, type RouterDriver } from '@slipway/core';
import { KeyedMutex } from '@slipway/driver-kit';
import { MERGE_PATCH, type Manifest } from '@slipway/kube-kit';
import { planHost } from './host-plan.js';
import { GATEWAY_GROUP, GATEWAY_VERSION, HTTPROUTES, MAX_RULES, httpRoute, httpRoutePatch, type ParentRef } from './http-route.js';
import { checkRouterOptions, loadKubeConfig, type KubernetesRouterOptions } from './options.js';
import { RouteObjects, type RouteKindApi } from './route-objects.js';
import { TlsSecrets } from './tls-secrets.js';

/** Options of the Gateway API router. */
export interface GatewayApiRouterOptions extends KubernetesRouterOptions {
  /** The Gateway (and optionally its listener) every HTTPRoute attaches to; it must allow routes from the space namespaces. */
  parentRef: ParentRef;
}

/** Value of `slipway.io/router` on the objects this adapter owns, and its `name`. */
export const GATEWAY_API_ROUTER = 'gateway-api';

function checkParentRef(p: ParentRef | undefined): ParentRef {
  const name = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
  if (!p || !name.test(p.name ?? '') || !name.test(p.namespace ?? '')) throw new ValidationError('parentRef needs the name and namespace of a Gateway', 'parentRef');
  if (p.sectionName !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.sectionName)) throw new ValidationError('parentRef.sectionName must be a listener name', 'parentRef');
  return { name: p.name, namespace: p.namespace, ...(p.sectionName ? { sectionName: p.sectionName } : {}) };
}

/**
 * RouterDriver on the Gateway API: one `gateway.networking.k8s.io/v1` HTTPRoute per host and namespace of its
 * target apps, attached to the platform team's Gateway, with PathPrefix matches, URLRewrite ReplacePrefixMatch
 * for target paths and backendRefs to the apps' web Services. Certificates become `kubernetes.io/tls` Secrets in
 * the certificate namespace; the Gateway's HTTPS listeners reference them (listeners belong to the Gateway, which
 * the router does not own). Traffic itself flows through the Gateway's data plane, not through this process.
 */
export class GatewayApiRouter implements RouterDriver {
  readonly name = GATEWAY_API_ROUTER;
  private readonly routes: RouteObjects;
  private readonly tls: TlsSecrets;
  private readonly parent: ParentRef;
  private readonly prefix: string;
  private readonly extraLabels: Record<string, string>;
  private readonly locks = new KeyedMutex();

  constructor(options: GatewayApiRouterOptions) {
    checkRouterOptions(options);
    this.parent = checkParentRef(options.parentRef);
    const kc = loadKubeConfig(options);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const fieldManager = options.fieldManager ?? 'slipway';
    const at = { group: GATEWAY_GROUP, version: GATEWAY_VERSION, plural: HTTPROUTES };
    const api: RouteKindApi = {
      kind: 'httproute',
      read: (namespace, name) => custom.getNamespacedCustomObject({ ...at, namespace, name }) as Promise<Manifest>,
      create: (namespace, body) => custom.createNamespacedCustomObject({ ...at, namespace, body, fieldManager }),
      patch: (namespace, name, body) => custom.patchNamespacedCustomObject({ ...at, namespace, name, body, fieldManager }, MERGE_PATCH),
      delete: (namespace, name) => custom.deleteNamespacedCustomObject({ ...at, namespace, name }),
      listAll: async (labelSelector) => ((await custom.listCustomObjectForAllNamespaces({ ...at, labelSelector })) as { items: Manifest[] }).items,
    };
    this.prefix = options.namespacePrefix ?? 'slipway-';
    this.extraLabels = { ...options.labels };
    this.routes = new RouteObjects(api, GATEWAY_API_ROUTER);
    this.tls = new TlsSecrets(kc.makeApiClient(CoreV1Api), options.certificateNamespace ?? this.parent.namespace, GATEWAY_API_ROUTER, this.extraLabels, fieldManager);
  }

  /** Namespace holding the certificates' Secrets (reference them from the Gateway's listeners). */
  get certificateNamespace(): string {
    return this.tls.namespace;
  }

  async converge(spec: HostSpec): Promise<void> {
    const groups = planHost(spec, this.prefix);
    const crowded = groups.find((g) => g.paths.length > MAX_RULES);
    if (crowded) throw new ValidationError(`${spec.host} routes ${crowded.paths.length} paths to namespace ${crowded.namespace}; an HTTPRoute holds at most ${MAX_RULES}`, 'routes');
    return this.locks.run(spec.host, async () => {
      const labels = this.routes.labels(spec.host, this.extraLabels);
      for (const g of groups) {
        const annotations = this.routes.annotations(spec.host, g);
        await this.routes.write(httpRoute(spec.host, g, this.parent, labels, annotations), httpRoutePatch);
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

  async installCertificate(cert: RouterCertificate): Promise<void> {
    await this.tls.install(cert);
  }

  async removeCertificate(id: string): Promise<void> {
    await this.tls.remove(id);
  }

  async close(): Promise<void> {
    // No watches or timers: every call is a request of its own.
  }
}

/** The Gateway API router (HTTPRoutes attached to `parentRef`). */
export function gatewayApiRouter(options: GatewayApiRouterOptions): GatewayApiRouter {
  return new GatewayApiRouter(options);
}
