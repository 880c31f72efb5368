import type { CoreV1Api, V1Secret } from '@kubernetes/client-node';
import { ValidationError, type RouterCertificate } from '@slipway/core';
import { MERGE_PATCH, ownsSame, reconcile, type Manifest } from '@slipway/kube-kit';
import { kube, kubeOrNull } from './errors.js';
import { covers } from './host-plan.js';
import { KEYS, MANAGER, certificateSecretName, labelValue } from './names.js';

/** `app.kubernetes.io/component` of the router's TLS Secrets. */
export const TLS_COMPONENT = 'router-tls';

/** An installed certificate as found in the cluster (its key material stays in the Secret). */
export interface InstalledCertificate {
  id: string;
  /** Secret name, equal in every namespace it is copied to. */
  secret: string;
  domains: string[];
  data: Record<string, string>;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Checks a certificate before anything is written, without echoing its key. */
export function checkCertificate(cert: RouterCertificate): void {
  if (!cert.id) throw new ValidationError('a certificate needs an id', 'id');
  if (!cert.domains.length) throw new ValidationError(`certificate ${cert.id} covers no domain`, 'domains');
  if (!/-----BEGIN [A-Z ]*CERTIFICATE-----/.test(cert.cert_pem)) throw new ValidationError(`certificate ${cert.id}: cert_pem is not a PEM certificate`, 'cert_pem');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(cert.key_pem)) throw new ValidationError(`certificate ${cert.id}: key_pem is not a PEM private key`, 'key_pem');
}

/**
 * Certificates as `kubernetes.io/tls` Secrets (`tls.crt`, `tls.key`): one per certificate id in the certificate
 * namespace, plus identical copies where an Ingress needs one in its own namespace. Error messages and logs name
 * Secrets and ids only, never their data.
 */
export class TlsSecrets {
  constructor(
    private readonly core: CoreV1Api,
    /** Namespace of the primary copies. */
    readonly namespace: string,
    private readonly router: string,
    private readonly extraLabels: Record<string, string>,
    private readonly fieldManager: string,
  ) {}

  private labels(id: string): Record<string, string> {
    return { ...this.extraLabels, [KEYS.managedBy]: MANAGER, [KEYS.router]: this.router, [KEYS.component]: TLS_COMPONENT, [KEYS.certificateKey]: labelValue(id) };
  }

  private selector(): string {
    return `${KEYS.managedBy}=${MANAGER},${KEYS.router}=${this.router},${KEYS.component}=${TLS_COMPONENT}`;
  }

  private manifest(namespace: string, name: string, id: string, domains: string[], data: Record<string, string>): Manifest {
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace, labels: this.labels(id), annotations: { [KEYS.certificateId]: id, [KEYS.domains]: JSON.stringify(domains) } },
      type: 'kubernetes.io/tls',
      data,
    };
  }

  private write(desired: Manifest): Promise<unknown> {
    const { name, namespace } = desired.metadata as { name: string; namespace: string };
    const what = `secret ${name} in ${namespace}`;
    return reconcile<V1Secret>({
      what,
      read: () => kubeOrNull(`reading ${what}`, () => this.core.readNamespacedSecret({ name, namespace })),
      create: () => this.core.createNamespacedSecret({ namespace, body: desired, fieldManager: this.fieldManager }),
      patchFor: (cur) => {
        const data = cur.data ?? {};
        const same =
          cur.type === desired.type &&
          Object.keys(data).length === Object.keys(desired.data).length &&
          ownsSame(data, desired.data) &&
          ownsSame(cur.metadata?.labels, desired.metadata.labels) &&
          ownsSame(cur.metadata?.annotations, desired.metadata.annotations);
        if (same) return null;
        return { metadata: { resourceVersion: cur.metadata?.resourceVersion, labels: desired.metadata.labels, annotations: desired.metadata.annotations }, data: desired.data };
      },
      patch: (body) => this.core.patchNamespacedSecret({ name, namespace, body, fieldManager: this.fieldManager }, MERGE_PATCH),
    });
  }

  /** Writes (or replaces in place) the primary Secret of a certificate. */
  async install(cert: RouterCertificate): Promise<InstalledCertificate> {
    checkCertificate(cert);
    const secret = certificateSecretName(cert.id);
    const data = { 'tls.crt': b64(cert.cert_pem), 'tls.key': b64(cert.key_pem) };
    await this.write(this.manifest(this.namespace, secret, cert.id, cert.domains, data));
    return { id: cert.id, secret, domains: cert.domains, data };
  }

  /** Deletes the primary Secret of a certificate (copies stay until `remove`). */
  async removePrimary(id: string): Promise<void> {
    const name = certificateSecretName(id);
    await kubeOrNull(`removing secret ${name} in ${this.namespace}`, () => this.core.deleteNamespacedSecret({ name, namespace: this.namespace }));
  }

  /** Deletes the primary Secret and every copy of a certificate. */
  async remove(id: string): Promise<void> {
    const name = certificateSecretName(id);
    const copies = await kube('listing certificate copies', () => this.core.listSecretForAllNamespaces({ labelSelector: `${this.selector()},${KEYS.certificateKey}=${labelValue(id)}` }));
    const namespaces = new Set([this.namespace, ...copies.items.filter((s) => s.metadata?.name === name).map((s) => s.metadata!.namespace!)]);
    for (const namespace of namespaces) await kubeOrNull(`removing secret ${name} in ${namespace}`, () => this.core.deleteNamespacedSecret({ name, namespace }));
  }

  /** The installed certificate that best covers `host` (an exact name before a wildcard), or null. */
  async covering(host: string): Promise<InstalledCertificate | null> {
    const list = await kube('listing certificates', () => this.core.listNamespacedSecret({ namespace: this.namespace, labelSelector: this.selector() }));
    let best: { cert: InstalledCertificate; exact: boolean } | null = null;
    for (const s of list.items.sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1))) {
      let domains: string[] = [];
      try {
        domains = JSON.parse(s.metadata?.annotations?.[KEYS.domains] ?? '[]') as string[];
      } catch {
        continue;
      }
      const matching = domains.filter((d) => covers(d, host));
      if (!matching.length) continue;
      const exact = matching.includes(host);
      if (best && (best.exact || !exact)) continue;
      best = { exact, cert: { id: s.metadata?.annotations?.[KEYS.certificateId] ?? '', secret: s.metadata!.name!, domains, data: s.data ?? {} } };
    }
    return best?.cert ?? null;
  }

  /** Makes an identical copy of a certificate's Secret in `namespace` (an Ingress reads Secrets of its own namespace only). */
  async copyTo(namespace: string, cert: InstalledCertificate): Promise<void> {
    if (namespace === this.namespace) return;
    await this.write(this.manifest(namespace, cert.secret, cert.id, cert.domains, cert.data));
  }
}
