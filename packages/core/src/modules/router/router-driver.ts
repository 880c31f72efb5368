import type { InjectionToken } from 'tsyringe';

/** One place a web dyno of an app can be reached from the router's side (Docker: a published port). */
export interface RouteBackend {
  /** Stable dyno id, so a router can drain exactly the backends that went away. */
  id: string;
  /** Base URL, e.g. `http://127.0.0.1:32768`. */
  url: string;
}

/** The app a path of a host sends traffic to, with what a router needs to reach it on any runtime. */
export interface RouteTarget {
  /** App id. */
  app_id: string;
  /** `{app}-{space}`: the app's key, also the first label of its default host. */
  app_key: string;
  /** App name without the space. */
  app: string;
  /** Space name (Kubernetes: the namespace). */
  space: string;
  /** Port the app's web process listens on inside its dyno (Kubernetes routes to the web Service on it). */
  port: number;
  /** Ready web dynos as the runtime reports them; empty means "no dyno ready" (a router answers 503). */
  backends: RouteBackend[];
  /** In maintenance mode a router answers with the maintenance page instead of proxying. */
  maintenance: boolean;
}

/** One path route of a host: requests whose path starts with `path` go to `target` with the prefix swapped for `target_path`. */
export interface HostRoute {
  /** Source path prefix, starting with `/` (`/` matches everything); the longest matching prefix wins. */
  path: string;
  /** Path prefix the target app sees in place of `path`. */
  target_path: string;
  target: RouteTarget;
}

/**
 * The whole desired state of one host name: an app's default host (`{app}-{space}.{apps domain}`, one route `/`)
 * or a site (a domain with path routes). Handed to `RouterDriver.converge` whole, never as a delta.
 */
export interface HostSpec {
  /** Lowercase host name without port, e.g. `events-dev.apps.localhost` or `www.example.com`. */
  host: string;
  /** `app` for an app's default host, `site` for a site. */
  kind: 'app' | 'site';
  routes: HostRoute[];
}

/** TLS material a router serves by SNI for every host name it covers (a `*.` name covers one label). */
export interface RouterCertificate {
  /** Stable id (the certificate order's id); installing the same id again replaces it in place. */
  id: string;
  /** Host names the certificate is valid for, wildcards included. */
  domains: string[];
  /** PEM certificate chain, leaf first. */
  cert_pem: string;
  /** PEM private key; routers keep it in memory or in the engine's secret store, never in logs. */
  key_pem: string;
}

/**
 * Routes HTTP(S) traffic by Host and longest path prefix to apps' web dynos. Declarative: `converge` makes one
 * host match its spec exactly, so a restarted controller or a retried job repeats safely. The contract suite in
 * `@slipway/testkit` (`routerDriverContract`) defines the behaviour.
 */
export interface RouterDriver {
  /** Short adapter name for logs, e.g. `embedded` or `gateway-api`. */
  readonly name: string;
  /** Makes `spec.host` serve exactly `spec.routes` (creating or replacing it); idempotent. */
  converge(spec: HostSpec): Promise<void>;
  /** Stops serving `host`; a no-op when it is not served. */
  remove(host: string): Promise<void>;
  /** Host names currently served, so a controller can remove ones its store no longer knows. */
  hosts(): Promise<string[]>;
  /** Installs (or replaces, by id) a certificate; hosts it covers serve it from the next TLS handshake on. */
  installCertificate(cert: RouterCertificate): Promise<void>;
  /** Removes a certificate by id; a no-op when absent. */
  removeCertificate(id: string): Promise<void>;
  /**
   * Optional: answers ACME http-01 challenges at `http://<host>/.well-known/acme-challenge/<token>` on every host,
   * so an ACME CertIssuer can prove control of a domain through this router.
   */
  readonly challenges?: Http01Responder;
  /** Releases listeners, connections and timers. */
  close(): Promise<void>;
}

/** Serves ACME http-01 key authorizations; implemented by routers, used by ACME certificate issuers. */
export interface Http01Responder {
  /** Starts answering `token` with `keyAuthorization`. */
  set(token: string, keyAuthorization: string): Promise<void>;
  /** Stops answering `token`. */
  remove(token: string): Promise<void>;
}

/** DI token of the RouterDriver. */
export const ROUTER_DRIVER: InjectionToken<RouterDriver> = Symbol.for('slipway.RouterDriver');
