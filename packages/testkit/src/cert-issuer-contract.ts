import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import {
  certificateRequest,
  ValidationError,
  type CertIssuer,
  type CertificateRequest,
  type CertOrderProgress,
  type CertOrderStart,
} from '@slipway/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What a certificate issuer supports; the contract runs the matching cases and checks the refusal of the rest. */
export interface CertIssuerCapabilities {
  /** `*.` names can be ordered (ACME: with a dns-01 hook). */
  wildcard: boolean;
}

/** What the adapter's test hands the contract. */
export interface CertIssuerFixture {
  issuer: CertIssuer;
  /** PEM of the root every issued chain must verify against (pebble: `GET /roots/0` of its management API). */
  rootPem: string;
  /** A domain the issuer can issue for below: the contract orders random names such as `k3f9a2.<baseDomain>`. */
  baseDomain: string;
  /** Names the CA refuses to issue for, and what the CA's reason says. */
  refused: { domains: string[]; reason: RegExp };
  /** Longest the contract polls one order before it gives up (default 60 s). */
  pollTimeoutMs?: number;
  /** Called once after the suite. */
  teardown?: () => Promise<void>;
}

/** An issued certificate as the contract checks it. */
interface Issued {
  request: CertificateRequest;
  ref: string;
  key_pem: string;
  cert_pem: string;
  chain: X509Certificate[];
  not_before: Date;
  not_after: Date;
}

/** Splits a PEM bundle into certificates, leaf first. */
export function splitPemChain(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

/** The DNS names of a certificate's subjectAltName, lowercase. */
export function subjectAltNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).toLowerCase());
}

/** Throws unless every certificate of `chain` is signed by the next and the last by (or equal to) `root`. */
export function assertChainVerifies(chain: X509Certificate[], root: X509Certificate): void {
  expect(chain.length).toBeGreaterThan(0);
  for (let i = 0; i + 1 < chain.length; i++) {
    expect(chain[i]!.checkIssued(chain[i + 1]!), `certificate ${i} is issued by certificate ${i + 1}`).toBe(true);
    expect(chain[i]!.verify(chain[i + 1]!.publicKey), `certificate ${i} verifies with the key of ${i + 1}`).toBe(true);
  }
  const last = chain[chain.length - 1]!;
  if (last.fingerprint256 === root.fingerprint256) return;
  expect(last.checkIssued(root), 'the chain ends at a certificate the root issued').toBe(true);
  expect(last.verify(root.publicKey), 'the chain verifies with the root key').toBe(true);
}

function label(): string {
  return `c${randomBytes(4).toString('hex')}`;
}

/**
 * The CertIssuer contract: every certificate issuer runs it against a real CA. Orders go through the durable
 * steps core uses (`begin`, then `poll` until final, repeating `poll` as a re-run job would) and each issued chain
 * is checked with node:crypto: it parses, covers the names, verifies to the fixture's root, and matches its key.
 */
export function certIssuerContract(name: string, setup: () => Promise<CertIssuerFixture>, capabilities: CertIssuerCapabilities): void {
  describe(`CertIssuer contract: ${name}`, () => {
    let fx: CertIssuerFixture;
    let root: X509Certificate;

    beforeAll(async () => {
      fx = await setup();
      root = new X509Certificate(fx.rootPem);
    });
    afterAll(async () => {
      await fx?.teardown?.();
    });

    const names = (...prefixes: string[]): string[] => {
      const base = `${label()}.${fx.baseDomain}`;
      return prefixes.map((p) => (p === '' ? base : `${p}.${base}`));
    };

    async function pollUntilFinal(ref: string): Promise<Exclude<CertOrderProgress, { state: 'pending' }>> {
      const until = Date.now() + (fx.pollTimeoutMs ?? 60_000);
      for (;;) {
        const p = await fx.issuer.poll(ref);
        if (p.state !== 'pending') return p;
        if (Date.now() > until) throw new Error(`order ${ref} still pending after ${fx.pollTimeoutMs ?? 60_000} ms`);
        await new Promise((r) => setTimeout(r, Math.min(Math.max(p.retry_after_ms ?? 250, 50), 1000)));
      }
    }

    function ordered(start: CertOrderStart): { ref: string; key_pem?: string } {
      if (start.state !== 'ordered') throw new Error(`the issuer refused the order: ${start.reason}`);
      // Core stores the ref as plain text next to the order; a key in it would escape sealing.
      expect(typeof start.ref).toBe('string');
      expect(start.ref).not.toMatch(/PRIVATE KEY/);
      return start;
    }

    async function complete(request: CertificateRequest, start: CertOrderStart): Promise<Issued> {
      const { ref, key_pem: beginKey } = ordered(start);
      const done = await pollUntilFinal(ref);
      if (done.state === 'failed') throw new Error(`order failed: ${done.reason}`);
      // Exactly one of the two steps hands out the key, so core seals it once.
      expect(beginKey === undefined ? done.key_pem !== undefined : done.key_pem === undefined, 'the key comes from begin or from issued').toBe(true);
      const key_pem = (beginKey ?? done.key_pem)!;
      const chain = splitPemChain(done.cert_pem);
      return { request, ref, key_pem, cert_pem: done.cert_pem, chain, not_before: done.not_before, not_after: done.not_after };
    }

    function checkIssued(issued: Issued): void {
      const leaf = issued.chain[0]!;
      expect(leaf.ca).toBe(false);
      expect(new Set(subjectAltNames(leaf))).toEqual(new Set(issued.request.domains));
      for (const d of issued.request.domains) {
        const host = d.startsWith('*.') ? `any${d.slice(1)}` : d;
        // checkHost answers with the certificate name that matched, the `*.` pattern for a wildcard.
        expect(leaf.checkHost(host), `the certificate covers ${host}`).toBe(d);
      }
      assertChainVerifies(issued.chain, root);
      expect(leaf.checkPrivateKey(createPrivateKey(issued.key_pem)), 'the key belongs to the certificate').toBe(true);
      expect(Math.abs(issued.not_before.getTime() - new Date(leaf.validFrom).getTime())).toBeLessThan(1000);
      expect(Math.abs(issued.not_after.getTime() - new Date(leaf.validTo).getTime())).toBeLessThan(1000);
      const now = Date.now();
      expect(issued.not_before.getTime()).toBeLessThanOrEqual(now + 60_000);
      expect(issued.not_after.getTime()).toBeGreaterThan(now);
    }

    it('lists the kinds it can order', () => {
      expect(fx.issuer.kinds).toEqual(expect.arrayContaining(['single', 'multi_domain']));
      expect(fx.issuer.kinds.includes('wildcard')).toBe(capabilities.wildcard);
    });

    it('issues a single-name certificate, and a repeated poll returns the same certificate', async () => {
      const request = certificateRequest({ domains: names('www') });
      expect(request.kind).toBe('single');
      const issued = await complete(request, await fx.issuer.begin(request));
      checkIssued(issued);
      // A job killed after the CA issued but before core stored the result polls again.
      const again = await fx.issuer.poll(issued.ref);
      expect(again.state).toBe('issued');
      if (again.state === 'issued') expect(splitPemChain(again.cert_pem)[0]!.serialNumber).toBe(issued.chain[0]!.serialNumber);
    });

    it('issues a multi-domain certificate covering every name', async () => {
      const request = certificateRequest({ domains: names('', 'www', 'api') });
      expect(request.kind).toBe('multi_domain');
      checkIssued(await complete(request, await fx.issuer.begin(request)));
    });

    if (capabilities.wildcard) {
      it('issues a wildcard certificate', async () => {
        const [apex] = names('');
        const request = certificateRequest({ domains: [`*.${apex}`, apex!] });
        expect(request.kind).toBe('wildcard');
        checkIssued(await complete(request, await fx.issuer.begin(request)));
      });
    } else {
      it('refuses a wildcard order with a ValidationError on domains', async () => {
        const [apex] = names('');
        const request = certificateRequest({ domains: [`*.${apex}`] });
        await expect(fx.issuer.begin(request)).rejects.toSatisfy((e) => e instanceof ValidationError && e.field === 'domains');
      });
    }

    it('reports a refusing CA as failed with the CA reason', async () => {
      const request = certificateRequest({ domains: fx.refused.domains });
      const start = await fx.issuer.begin(request);
      const result = start.state === 'failed' ? start : await pollUntilFinal(start.ref);
      expect(result.state).toBe('failed');
      if (result.state === 'failed') expect(result.reason).toMatch(fx.refused.reason);
    });

    it('renews with a new certificate and a new key for the same names', async () => {
      const request = certificateRequest({ domains: names('', 'www') });
      const first = await complete(request, await fx.issuer.begin(request));
      const renewed = await complete(request, await fx.issuer.renew({ request, cert_pem: first.cert_pem }));
      checkIssued(renewed);
      expect(renewed.chain[0]!.serialNumber).not.toBe(first.chain[0]!.serialNumber);
      expect(renewed.chain[0]!.publicKey.export({ format: 'der', type: 'spki' })).not.toEqual(first.chain[0]!.publicKey.export({ format: 'der', type: 'spki' }));
      expect(renewed.not_after.getTime()).toBeGreaterThanOrEqual(first.not_after.getTime());
    });

    it('refuses a ref it never made with a ValidationError', async () => {
      await expect(fx.issuer.poll('not a ref')).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
