import { randomBytes } from 'node:crypto';
import { APP_NAME, CONFIG_KEY, normalizeName } from '../../foundation/domain/names.js';
import type { BlueprintAddon, BlueprintAttachment, BlueprintFormation, SetupPlan } from './app-setups.js';

/** A blueprint checked field by field: what to create, or every problem found (each naming its field path). */
export interface ParsedBlueprint {
  app: { name: string; org: string; space: string; stack: string | null; /** Which spelling named the org (`organization` or `org`), for error paths. */ orgField: string };
  /** Config vars to set: given values, and fresh secrets for `generator: "secret"` entries. */
  config: Record<string, string>;
  plan: SetupPlan;
}

/** Heroku dyno sizes an app.json may name; they map to the platform's default size. */
const HEROKU_SIZES = new Set(['free', 'eco', 'hobby', 'basic', 'standard-1x', 'standard-2x', 'performance-m', 'performance-l', 'private-s', 'private-m', 'private-l']);
/** Process type names the deploys module accepts. */
const PROCESS_TYPE = /^[a-z][a-z0-9-]{0,29}$/;
const STAGES = new Set(['review', 'development', 'staging', 'production']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** Collects problems while a blueprint is read, so the 422 lists all of them. */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
  /** The value as a string, or undefined after recording a problem (absent optional values pass). */
  string(v: unknown, path: string, required = false): string | undefined {
    if (v === undefined || v === null) {
      if (required) this.add(path, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') return void this.add(path, `must be a string, got ${describe(v)}`);
    if (required && !v.trim()) return void this.add(path, 'must not be empty');
    return v;
  }
}

/** Reads `env`: seed entries ({value, required, description}), app.json strings, and `generator: "secret"`. */
function readEnv(raw: unknown, p: Problems, path: string, config: Record<string, string>): void {
  if (raw === undefined || raw === null) return;
  if (!isObject(raw)) return p.add(path, `must be an object keyed by config var name, got ${describe(raw)}`);
  for (const [key, entry] of Object.entries(raw)) {
    const at = `${path}.${key}`;
    if (!CONFIG_KEY.test(key)) p.add(at, 'is not a valid config var name (letters, digits and _, not starting with a digit)');
    else if (key === 'PORT') p.add(at, 'PORT is set by the platform; use formation.web.port');
    if (typeof entry === 'string') {
      config[key] = entry;
      continue;
    }
    if (!isObject(entry)) {
      p.add(at, `must be a string or an object with value, required, description or generator, got ${describe(entry)}`);
      continue;
    }
    const value = entry.value === undefined || entry.value === null ? undefined : typeof entry.value === 'string' ? entry.value : typeof entry.value === 'number' || typeof entry.value === 'boolean' ? String(entry.value) : void p.add(`${at}.value`, `must be a string, got ${describe(entry.value)}`);
    p.string(entry.description, `${at}.description`);
    const required = entry.required === undefined || entry.required === null ? false : entry.required === true || entry.required === 'true' ? true : entry.required === false || entry.required === 'false' ? false : void p.add(`${at}.required`, `must be a boolean, got ${describe(entry.required)}`);
    const generator = p.string(entry.generator, `${at}.generator`);
    if (generator !== undefined && generator !== 'secret') p.add(`${at}.generator`, `must be "secret", got "${generator}"`);
    if (value !== undefined && value !== '') config[key] = value;
    else if (generator === 'secret') config[key] = randomBytes(32).toString('hex');
    else if (required) p.add(at, 'is required but no value was given');
  }
}

/** Reads `formation`: an object keyed by process type (seed and app.json) or an array of `{type, ...}`. */
function readFormation(raw: unknown, p: Problems, sizes: string[]): BlueprintFormation[] {
  if (raw === undefined || raw === null) return [];
  const entries: Array<[string, unknown, string]> = Array.isArray(raw)
    ? raw.map((e, i) => [isObject(e) && typeof e.type === 'string' ? e.type : '', e, `formation[${i}]`])
    : isObject(raw)
      ? Object.entries(raw).map(([k, v]) => [k, v, `formation.${k}`])
      : [];
  if (!Array.isArray(raw) && !isObject(raw)) p.add('formation', `must be an object keyed by process type, got ${describe(raw)}`);
  const out: BlueprintFormation[] = [];
  const seen = new Set<string>();
  for (const [type, e, at] of entries) {
    if (!isObject(e)) {
      p.add(at, `must be an object with quantity, size, port, command or health-check, got ${describe(e)}`);
      continue;
    }
    if (!PROCESS_TYPE.test(type)) p.add(Array.isArray(raw) ? `${at}.type` : at, `the process type "${type}" must be lowercase letters, digits and dashes, starting with a letter`);
    if (seen.has(type)) p.add(at, `the process type ${type} is listed twice`);
    seen.add(type);
    const f: BlueprintFormation = { type };
    const q = typeof e.quantity === 'string' && /^\d+$/.test(e.quantity) ? Number(e.quantity) : e.quantity;
    if (q !== undefined && q !== null) {
      if (typeof q !== 'number' || !Number.isInteger(q) || q < 0 || q > 20) p.add(`${at}.quantity`, 'must be an integer between 0 and 20');
      else f.quantity = q;
    }
    const size = p.string(e.size, `${at}.size`);
    if (size !== undefined) {
      const s = normalizeName(size).replace(/-prod$/, '');
      if (sizes.includes(s)) f.size = s;
      else if (!HEROKU_SIZES.has(s)) p.add(`${at}.size`, `the size ${size} is not offered (sizes: ${sizes.join(', ')})`);
    }
    const port = e.port;
    if (port !== undefined && port !== null) {
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) p.add(`${at}.port`, 'must be an integer between 1 and 65535');
      else f.port = port;
    }
    const command = p.string(e.command, `${at}.command`);
    if (command !== undefined) f.command = command || null;
    const hcKey = e['health-check'] !== undefined ? 'health-check' : 'healthcheck';
    const hc = p.string(e[hcKey], `${at}.${hcKey}`);
    if (hc) {
      if (!hc.startsWith('/') || hc.startsWith('//') || /\s/.test(hc)) p.add(`${at}.${hcKey}`, 'must be a relative URL starting with /');
      else f.healthcheck = hc;
    }
    out.push(f);
  }
  // web first, as the Procfile's first process is the one that takes traffic.
  return out.sort((a, b) => (a.type === 'web' ? -1 : b.type === 'web' ? 1 : 0));
}

/** Reads `addons`: the seed's object keyed by service ({plan}), or app.json's array of "service:plan" or {plan, as}. */
function readAddons(raw: unknown, p: Problems): BlueprintAddon[] {
  if (raw === undefined || raw === null) return [];
  const out: BlueprintAddon[] = [];
  const one = (e: unknown, at: string) => {
    if (typeof e === 'string') return e.trim() ? void out.push({ plan: e.trim() }) : p.add(at, 'must not be empty');
    if (!isObject(e)) return p.add(at, `must be a plan ("service:plan") or an object with plan, got ${describe(e)}`);
    const plan = p.string(e.plan, `${at}.plan`, true);
    const as = p.string(e.as, `${at}.as`);
    if (as !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/i.test(as)) p.add(`${at}.as`, 'must be letters, digits and dashes');
    if (plan) out.push({ plan: plan.trim(), ...(as ? { as } : {}) });
  };
  if (Array.isArray(raw)) raw.forEach((e, i) => one(e, `addons[${i}]`));
  else if (isObject(raw)) for (const [k, v] of Object.entries(raw)) one(v, `addons.${k}`);
  else p.add('addons', `must be an object keyed by service or an array of plans, got ${describe(raw)}`);
  return out;
}

/** Reads `attachments`: existing addons named by id, or by name (with the app that owns them). */
function readAttachments(raw: unknown, p: Problems): BlueprintAttachment[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    p.add('attachments', `must be an array, got ${describe(raw)}`);
    return [];
  }
  const out: BlueprintAttachment[] = [];
  raw.forEach((e, i) => {
    const at = `attachments[${i}]`;
    if (!isObject(e)) return p.add(at, `must be an object with id or name, got ${describe(e)}`);
    const id = p.string(e.id, `${at}.id`);
    const name = p.string(e.name, `${at}.name`);
    const app = p.string(e.app, `${at}.app`);
    if (!id && !name) return p.add(at, 'names no addon: give its id or name');
    out.push({ ...(id ? { id } : {}), ...(name ? { name } : {}), ...(app ? { app } : {}) });
  });
  return out;
}

/**
 * Reads a blueprint (the seed's POST /app-setups body, or a Heroku app.json with `app` and `source_blob` beside it)
 * into what a setup creates. Checks everything that needs no look-up; `problems` lists each issue with its path.
 */
export function parseBlueprint(body: unknown, sizes: string[]): { blueprint: ParsedBlueprint | null; problems: string[] } {
  const p = new Problems();
  if (!isObject(body)) return { blueprint: null, problems: [`body: must be a JSON object, got ${describe(body)}`] };
  const app = isObject(body.app) ? body.app : {};
  if (!isObject(body.app)) p.add('app', body.app === undefined ? 'is required (name, organization, space)' : `must be an object, got ${describe(body.app)}`);
  const name = p.string(app.name, 'app.name', true);
  if (name !== undefined && !APP_NAME.test(normalizeName(name))) p.add('app.name', 'must be lowercase letters and digits only (no dashes), at most 30');
  const orgKey = app.organization !== undefined ? 'organization' : 'org';
  const org = p.string(app[orgKey], `app.${orgKey}`, true);
  const space = p.string(app.space, 'app.space', true);
  const stack = p.string(app.stack, 'app.stack');
  const config: Record<string, string> = {};
  readEnv(body.env, p, 'env', config);
  // Heroku's POST /app-setups carries env overrides beside the app.json fields.
  if (body.overrides !== undefined) {
    if (!isObject(body.overrides)) p.add('overrides', `must be an object, got ${describe(body.overrides)}`);
    else readEnv(body.overrides.env, p, 'overrides.env', config);
  }
  const formation = readFormation(body.formation, p, sizes);
  const addons = readAddons(body.addons, p);
  const attachments = readAttachments(body.attachments, p);
  let source: SetupPlan['source_blob'] | null = null;
  if (!isObject(body.source_blob)) p.add('source_blob', body.source_blob === undefined || body.source_blob === null ? 'is required (url, and checksum for archives)' : `must be an object, got ${describe(body.source_blob)}`);
  else {
    const url = p.string(body.source_blob.url, 'source_blob.url', true);
    const checksum = p.string(body.source_blob.checksum, 'source_blob.checksum');
    const version = p.string(body.source_blob.version, 'source_blob.version');
    if (url !== undefined) {
      const image = url.startsWith('docker://');
      if (!image && !url.startsWith('data:') && !/^https?:\/\/[^\s/]+/i.test(url)) p.add('source_blob.url', 'must be a docker://, https://, http:// or data: URL');
      const sha = checksum !== undefined && /^sha256:[0-9a-f]{64}$/i.test(checksum.trim());
      if (!image && !sha) p.add('source_blob.checksum', 'must be sha256:<64 hex digits> for an archive source');
      source = { url, checksum: sha ? checksum!.trim().toLowerCase() : `sha256:${'0'.repeat(64)}`, version: version ?? null };
    }
  }
  const drains: string[] = [];
  const rawDrains = body['log-drains'];
  if (rawDrains !== undefined && rawDrains !== null) {
    if (!Array.isArray(rawDrains)) p.add('log-drains', `must be an array, got ${describe(rawDrains)}`);
    else
      rawDrains.forEach((d, i) => {
        const url = isObject(d) ? p.string(d.url, `log-drains[${i}].url`, true) : typeof d === 'string' ? d : void p.add(`log-drains[${i}]`, `must be an object with url, got ${describe(d)}`);
        if (isObject(d)) p.string(d.token, `log-drains[${i}].token`);
        if (url !== undefined) {
          if (!/^(syslog|syslog\+tls|syslog\+tcp|https?):\/\/[^\s]+$/i.test(url)) p.add(`log-drains[${i}].url`, 'must be a syslog://, syslog+tls://, syslog+tcp:// or https:// URL');
          else drains.push(url);
        }
      });
  }
  const couplings: SetupPlan['couplings'] = [];
  const rawCouplings = body['pipeline-couplings'];
  if (rawCouplings !== undefined && rawCouplings !== null) {
    if (!Array.isArray(rawCouplings)) p.add('pipeline-couplings', `must be an array, got ${describe(rawCouplings)}`);
    else
      rawCouplings.forEach((c, i) => {
        if (!isObject(c)) return p.add(`pipeline-couplings[${i}]`, `must be an object with pipeline and stage, got ${describe(c)}`);
        const pipeline = p.string(c.pipeline, `pipeline-couplings[${i}].pipeline`, true);
        const stage = p.string(c.stage, `pipeline-couplings[${i}].stage`, true);
        if (stage !== undefined && !STAGES.has(stage)) p.add(`pipeline-couplings[${i}].stage`, `must be one of ${[...STAGES].join(', ')}`);
        if (pipeline && stage && STAGES.has(stage)) couplings.push({ pipeline, stage });
      });
    if (couplings.length > 1) p.add('pipeline-couplings', 'an app is coupled to one pipeline at most');
  }
  let postdeploy: string | null = null;
  if (body.scripts !== undefined && body.scripts !== null) {
    if (!isObject(body.scripts)) p.add('scripts', `must be an object, got ${describe(body.scripts)}`);
    else {
      const pd = body.scripts.postdeploy;
      if (isObject(pd)) postdeploy = p.string(pd.command, 'scripts.postdeploy.command', true) ?? null;
      else postdeploy = p.string(pd, 'scripts.postdeploy') || null;
    }
  }
  if (p.list.length || !source) return { blueprint: null, problems: p.list };
  return {
    blueprint: {
      app: { name: normalizeName(name!), org: normalizeName(org!), space: normalizeName(space!), stack: stack ? normalizeName(stack) : null, orgField: `app.${orgKey}` },
      config,
      plan: { formation, addons, attachments, source_blob: source, drains, couplings, postdeploy },
    },
    problems: [],
  };
}
