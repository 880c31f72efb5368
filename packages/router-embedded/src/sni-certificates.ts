import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { ValidationError, type RouterCertificate } from '@slipway/core';
import { coversHost } from './host-names.js';

interface Installed {
  id: string;
  domains: string[];
  context: SecureContext;
  /** Install order: among certificates covering a name equally well, the newest wins. */
  seq: number;
}

/**
 * Certificates by id with their TLS contexts, looked up by SNI name. Contexts are built once at install time, so a
 * handshake only does a lookup, and a replaced certificate affects new handshakes only: established connections
 * keep the context they negotiated.
 */
export class SniCertificates {
  private readonly byId = new Map<string, Installed>();
  private seq = 0;

  /** Installs or replaces (by id) a certificate; ValidationError when the PEM pair is unusable. */
  install(cert: RouterCertificate): void {
    if (!cert.id) throw new ValidationError('certificate id is required', 'id');
    const domains = cert.domains.map((d) => d.trim().toLowerCase()).filter(Boolean);
    if (domains.length === 0) throw new ValidationError('certificate covers no domain', 'domains');
    let context: SecureContext;
    try {
      new X509Certificate(cert.cert_pem);
      context = createSecureContext({ cert: cert.cert_pem, key: cert.key_pem });
    } catch (err) {
      // The native message names what is wrong (bad PEM, key mismatch) and never contains the key itself.
      throw new ValidationError(`certificate ${cert.id} is not a usable PEM certificate and key: ${(err as Error).message}`, 'cert_pem');
    }
    this.byId.set(cert.id, { id: cert.id, domains, context, seq: ++this.seq });
  }

  /** Removes a certificate; a no-op when absent. */
  remove(id: string): void {
    this.byId.delete(id);
  }

  /** The context for SNI name `servername`: an exact name beats a wildcard, then the newest install wins. */
  contextFor(servername: string): SecureContext | undefined {
    const host = servername.toLowerCase();
    let best: { rank: number; seq: number; context: SecureContext } | undefined;
    for (const c of this.byId.values()) {
      const rank = c.domains.includes(host) ? 2 : c.domains.some((d) => coversHost(d, host)) ? 1 : 0;
      if (rank === 0) continue;
      if (!best || rank > best.rank || (rank === best.rank && c.seq > best.seq)) best = { rank, seq: c.seq, context: c.context };
    }
    return best?.context;
  }

  /** Ids of installed certificates. */
  ids(): string[] {
    return [...this.byId.keys()];
  }
}
