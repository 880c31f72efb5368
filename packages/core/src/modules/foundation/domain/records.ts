/** Creation and last-change instants every stored record carries. */
export interface Timestamps {
  created_at: Date;
  updated_at: Date;
}

/** An organization: the unit apps and spaces are attributed to. */
export interface Organization extends Timestamps {
  id: string;
  name: string;
  description: string;
}

/** A space: a network-isolated group of apps in one stack, with config every app inherits. */
export interface Space extends Timestamps {
  id: string;
  name: string;
  description: string;
  compliance: string[];
  /** Stack name (from the host catalog); the region follows from it. */
  stack: string;
  state: 'allocated';
  /** Optimistic-concurrency counter, bumped on every update. */
  version: number;
}

/** An app as stored: names and foreign keys only; views join the space and organization. */
export interface App extends Timestamps {
  id: string;
  name: string;
  space_id: string;
  organization_id: string;
  owner_id: string;
  owner_email: string;
  maintenance: boolean;
  released_at: Date | null;
  /** Free text the owner gives (empty when none); optional so records written before it existed still read. */
  description?: string;
  /** The image of the last release, written by deploys when it releases; null before the first. */
  image?: string | null;
  /** Optimistic-concurrency counter, bumped on every update. */
  version: number;
}

/** An app together with what its API representation needs from other aggregates. */
export interface AppView {
  app: App;
  space: Space;
  organization: Organization;
}

/** An app a user marked as a favorite (the Akkeris CLI's apps:favorites). */
export interface Favorite {
  user_id: string;
  app_id: string;
  created_at: Date;
}

/** Who owns a set of config vars: one app, or a whole space (inherited by its apps). */
export type ConfigOwner = { kind: 'app' | 'space'; id: string };

/** One audit-log entry: the event payload plus who did it and when. */
export interface AuditEntry {
  id: string;
  action: string;
  app_id: string | null;
  app_name: string | null;
  space_name: string | null;
  username: string;
  payload: Record<string, unknown>;
  created_at: Date;
}
