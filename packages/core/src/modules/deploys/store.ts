import type { Build, Formation, Release, Slug } from './domain/deploys.js';
import type { PageRequest } from '../../kernel/paging.js';

declare module '../../kernel/store.js' {
  /** The deploys module's repositories, present in every unit of work. */
  interface StoreTx {
    builds: BuildRepo;
    slugs: SlugRepo;
    releases: ReleaseRepo;
    formations: FormationRepo;
  }
}

/** Builds of apps and their log lines. */
export interface BuildRepo {
  /** Inserts a build. */
  insert(build: Build): Promise<void>;
  /** One build by id, whatever its app (the build job knows only the id). */
  find(id: string): Promise<Build | null>;
  /** One build of one app; null when absent or of another app. */
  get(appId: string, id: string): Promise<Build | null>;
  /** A page of an app's builds, ordered by `page.sort` (`id`). */
  list(appId: string, page: PageRequest): Promise<Build[]>;
  /** Writes `build` only while the stored one is still pending; false when it was settled meanwhile (stopped). */
  settle(build: Build): Promise<boolean>;
  /** Appends log lines after the ones already kept. */
  appendLines(buildId: string, lines: string[]): Promise<void>;
  /** Every kept log line of a build, in order. */
  lines(buildId: string): Promise<string[]>;
  /** Archives (forgets) the source URLs of all but the `keep` newest builds of an app. */
  archiveSources(appId: string, keep: number): Promise<void>;
  /** Removes every build (and log line) of an app. */
  deleteByApp(appId: string): Promise<void>;
}

/** Slugs: the images builds produce. */
export interface SlugRepo {
  /** Inserts a slug. */
  insert(slug: Slug): Promise<void>;
  /** One slug by id. */
  get(id: string): Promise<Slug | null>;
  /** Removes the slugs an app's builds produced, except those another app's releases still use. */
  deleteByApp(appId: string): Promise<void>;
}

/** Releases of apps, numbered per app. */
export interface ReleaseRepo {
  /** Inserts; ConcurrencyError when the version was taken by a concurrent release (re-run to renumber). */
  insert(release: Release): Promise<void>;
  /** One release of one app. */
  get(appId: string, id: string): Promise<Release | null>;
  /** The app's newest release (highest version), the one that runs. */
  current(appId: string): Promise<Release | null>;
  /** A page of an app's releases, ordered by `page.sort` (`id`: ids grow with versions). */
  list(appId: string, page: PageRequest): Promise<Release[]>;
  /** Records when a release first ran completely; false when it already was. */
  markReleased(id: string, at: Date): Promise<boolean>;
  /** Removes every release of an app. */
  deleteByApp(appId: string): Promise<void>;
}

/** Formations: process types of apps. */
export interface FormationRepo {
  /** Inserts; ConflictError when the app already has this type. */
  insert(formation: Formation): Promise<void>;
  /** One process type of one app. */
  get(appId: string, type: string): Promise<Formation | null>;
  /** Every process type of an app, ordered by type. */
  list(appId: string): Promise<Formation[]>;
  /** Overwrites a formation. */
  update(formation: Formation): Promise<void>;
  /** Removes one process type; false when it was already gone (a concurrent delete won). */
  delete(id: string): Promise<boolean>;
  /** Removes every process type of an app. */
  deleteByApp(appId: string): Promise<void>;
}
