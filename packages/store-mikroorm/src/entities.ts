import { EntitySchema } from '@mikro-orm/core';
import type { App, AuditEntry, Job, Organization, Space } from '@slipway/core';

// Decorator-free table definitions: they give MikroORM its metadata (discovery, migrator table list)
// while the repositories map rows to the plain records of @slipway/core themselves.

/** One config var row: one row per key, so writers of different keys never touch the same row. */
export interface ConfigVarRow {
  owner_kind: 'app' | 'space';
  owner_id: string;
  key: string;
  value: string;
}

/** One explicit feature switch of an app. */
export interface AppFeatureRow {
  app_id: string;
  name: string;
  enabled: boolean;
}

const timestamps = {
  created_at: { type: 'datetime' },
  updated_at: { type: 'datetime' },
} as const;

/** Table `organizations`. */
export const OrganizationEntity = new EntitySchema<Organization>({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 64, unique: true },
    description: { type: 'text' },
    ...timestamps,
  },
});

/** Table `spaces`. */
export const SpaceEntity = new EntitySchema<Space>({
  name: 'Space',
  tableName: 'spaces',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 64, unique: true },
    description: { type: 'text' },
    compliance: { type: 'json' },
    stack: { type: 'string', length: 64 },
    state: { type: 'string', length: 16 },
    version: { type: 'integer', version: true },
    ...timestamps,
  },
});

/** Table `apps`: unique name per space. */
export const AppEntity = new EntitySchema<App>({
  name: 'App',
  tableName: 'apps',
  uniques: [{ properties: ['space_id', 'name'] }],
  indexes: [{ properties: ['name'] }, { properties: ['organization_id'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 64 },
    space_id: { type: 'uuid' },
    organization_id: { type: 'uuid' },
    owner_id: { type: 'string', length: 255 },
    owner_email: { type: 'string', length: 255 },
    maintenance: { type: 'boolean' },
    released_at: { type: 'datetime', nullable: true },
    version: { type: 'integer', version: true },
    ...timestamps,
  },
});

/** Table `config_vars`: primary key (owner_kind, owner_id, key). */
export const ConfigVarEntity = new EntitySchema<ConfigVarRow>({
  name: 'ConfigVar',
  tableName: 'config_vars',
  properties: {
    owner_kind: { type: 'string', length: 16, primary: true },
    owner_id: { type: 'uuid', primary: true },
    key: { type: 'string', length: 255, primary: true },
    value: { type: 'text' },
  },
});

/** Table `app_features`: primary key (app_id, name). */
export const AppFeatureEntity = new EntitySchema<AppFeatureRow>({
  name: 'AppFeature',
  tableName: 'app_features',
  properties: {
    app_id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 100, primary: true },
    enabled: { type: 'boolean' },
  },
});

/** Table `audits` (append-only). */
export const AuditEntity = new EntitySchema<AuditEntry>({
  name: 'Audit',
  tableName: 'audits',
  indexes: [
    { properties: ['app_id', 'id'] },
    { properties: ['app_name', 'id'] },
    { properties: ['space_name', 'id'] },
    { properties: ['username', 'id'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    action: { type: 'string', length: 100 },
    app_id: { type: 'uuid', nullable: true },
    app_name: { type: 'string', length: 64, nullable: true },
    space_name: { type: 'string', length: 64, nullable: true },
    username: { type: 'string', length: 255 },
    payload: { type: 'json' },
    created_at: { type: 'datetime' },
  },
});

/** Table `jobs`: the durable work queue. */
export const JobEntity = new EntitySchema<Job>({
  name: 'Job',
  tableName: 'jobs',
  indexes: [{ properties: ['state', 'run_at'] }, { properties: ['key', 'created_at'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    kind: { type: 'string', length: 100 },
    key: { type: 'string', length: 255 },
    payload: { type: 'json' },
    state: { type: 'string', length: 16 },
    attempts: { type: 'integer' },
    run_at: { type: 'datetime' },
    lease_owner: { type: 'string', length: 255, nullable: true },
    lease_expires_at: { type: 'datetime', nullable: true },
    last_error: { type: 'text', nullable: true },
    ...timestamps,
  },
});

/** Every table, for MikroORM discovery. */
export const entities = [
  OrganizationEntity,
  SpaceEntity,
  AppEntity,
  ConfigVarEntity,
  AppFeatureEntity,
  AuditEntity,
  JobEntity,
];
