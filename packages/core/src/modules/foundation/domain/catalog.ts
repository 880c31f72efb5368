import { v5 as uuidv5 } from 'uuid';

/** A region apps, addons and sites live in. */
export interface Region {
  id: string;
  name: string;
  country: string;
  description: string;
  locale: string;
  private_capable: boolean;
  provider: { name: string; region: string; availability_zones: string[] };
  high_availability: boolean;
}

/** A stack: one runtime installation inside a region. */
export interface Stack {
  id: string;
  name: string;
  region: string;
}

/** A dyno size: its memory request and limit in Kubernetes quantity notation. */
export interface Size {
  name: string;
  memory: string;
  /** Monthly price of one dyno of this size in dollars (invoices prorate it; the Akkeris CLI reads it); 0 when unpriced. */
  price?: number;
}

/** A feature apps can switch on and off. */
export interface FeatureDefinition {
  id: string;
  name: string;
  display_name: string;
  description: string;
  doc_url: string;
  state: 'alpha' | 'beta' | 'public' | 'ga';
  feedback_email: string;
  default_enabled: boolean;
}

/** What a host installation offers: regions, stacks, sizes and features. */
export interface PlatformCatalog {
  regions: Region[];
  stacks: Stack[];
  sizes: Size[];
  features: FeatureDefinition[];
  /** Stack new spaces get when none is named. */
  defaultStack: string;
  /** Size new formations get when none is named. */
  defaultSize: string;
  /** Host part of app web URLs: https://{app}-{space}.{appsDomain}. */
  appsDomain: string;
  /** Where apps' web URLs point when a router serves them (scheme and port); absent: `https://{key}.{appsDomain}`. */
  appsUrl?: AppsUrl;
  /** When the catalog was defined; shown as created_at/updated_at of catalog entries. */
  definedAt: Date;
}

const NAMESPACE = '6f1c0b7e-3a4d-4c1e-9a55-2b8f6f0d3c11';

/** A stable id derived from a catalog entry's kind and name, so ids survive restarts without storage. */
export function catalogId(kind: string, name: string): string {
  return uuidv5(`${kind}:${name}`, NAMESPACE);
}

/** Scheme and port of the router that serves apps' default hosts, so `web_url` reaches it. */
export interface AppsUrl {
  protocol: 'http' | 'https';
  /** Omitted from URLs when it is the scheme's default. */
  port?: number;
}

/** Partial host configuration for the catalog; anything left out takes the defaults. */
export interface CatalogOptions {
  regions?: Array<Omit<Region, 'id'> & { id?: string }>;
  stacks?: Array<Omit<Stack, 'id'> & { id?: string }>;
  sizes?: Size[];
  features?: Array<Omit<FeatureDefinition, 'id'> & { id?: string }>;
  defaultStack?: string;
  defaultSize?: string;
  appsDomain?: string;
  /** Scheme and port apps' web URLs use (the router's), e.g. `{ protocol: 'http', port: 5080 }`. */
  appsUrl?: AppsUrl;
  feedbackEmail?: string;
}

/** Builds the catalog from host options, filling sensible defaults so a bare install works. */
export function buildCatalog(options: CatalogOptions = {}): PlatformCatalog {
  const feedback = options.feedbackEmail ?? '';
  const regions = (options.regions ?? [
    {
      name: 'local',
      country: 'Local',
      description: 'The machine this controller runs on',
      locale: 'local',
      private_capable: true,
      provider: { name: 'local', region: 'local', availability_zones: ['local-a'] },
      high_availability: false,
    },
  ]).map((r) => ({ ...r, id: r.id ?? catalogId('region', r.name) }));
  const stacks = (options.stacks ?? [{ name: 'ds1', region: regions[0]!.name }]).map((s) => ({
    ...s,
    id: s.id ?? catalogId('stack', s.name),
  }));
  const sizes = options.sizes ?? [
    { name: 'scout', memory: '256Mi', price: 30 },
    { name: 'constellation', memory: '512Mi', price: 60 },
    { name: 'galaxy', memory: '1Gi', price: 120 },
  ];
  const features = (options.features ?? [
    {
      name: 'auto-release',
      display_name: 'Auto release builds',
      description: 'When the application receives a new build whether or not it should automatically release the build.',
      doc_url: '/features/auto-release',
      state: 'public' as const,
      feedback_email: feedback,
      default_enabled: true,
    },
    {
      name: 'preview',
      display_name: 'Preview Apps',
      description:
        'When a pull request is received, automatically create a preview site and application (web dyno only) with the same config as the development application.',
      doc_url: '/features/preview',
      state: 'beta' as const,
      feedback_email: feedback,
      default_enabled: false,
    },
  ]).map((f) => ({ ...f, id: f.id ?? catalogId('feature', f.name) }));
  const defaultStack = options.defaultStack ?? stacks[0]!.name;
  const defaultSize = options.defaultSize ?? sizes[0]!.name;
  for (const s of stacks) {
    if (!regions.some((r) => r.name === s.region)) throw new Error(`catalog: stack ${s.name} names unknown region ${s.region}`);
  }
  if (!stacks.some((s) => s.name === defaultStack)) throw new Error(`catalog: default stack ${defaultStack} is not a stack`);
  if (!sizes.some((s) => s.name === defaultSize)) throw new Error(`catalog: default size ${defaultSize} is not a size`);
  return {
    regions,
    stacks,
    sizes,
    features,
    defaultStack,
    defaultSize,
    appsDomain: options.appsDomain ?? 'apps.localhost',
    ...(options.appsUrl ? { appsUrl: options.appsUrl } : {}),
    definedAt: new Date('2026-01-01T00:00:00Z'),
  };
}

/** The web URL of an app key: through the router when one is configured (`http://events-dev.apps.localhost:5080/`). */
export function appWebUrl(key: string, c: Pick<PlatformCatalog, 'appsDomain' | 'appsUrl'>): string {
  if (!c.appsUrl) return `https://${key}.${c.appsDomain}`;
  const { protocol, port } = c.appsUrl;
  const shown = port === undefined || (protocol === 'http' && port === 80) || (protocol === 'https' && port === 443) ? '' : `:${port}`;
  return `${protocol}://${key}.${c.appsDomain}${shown}/`;
}
