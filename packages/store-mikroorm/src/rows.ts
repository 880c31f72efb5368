import type { App, AuditEntry, Job, Organization, Space } from '@slipway/core';
import { boolOut, dateIn, dateOut, jsonIn, jsonOut, maybeDateIn, maybeDateOut } from './codec.js';
import type { Dialect } from './db.js';

/** A raw result row. */
export type Row = Record<string, unknown>;

/** Column lists per table, used to alias joined selections without `select *` surprises. */
export const columns = {
  organizations: ['id', 'name', 'description', 'created_at', 'updated_at'],
  spaces: ['id', 'name', 'description', 'compliance', 'stack', 'state', 'version', 'created_at', 'updated_at'],
  apps: [
    'id', 'name', 'space_id', 'organization_id', 'owner_id', 'owner_email', 'maintenance', 'released_at',
    'version', 'created_at', 'updated_at', 'description', 'image',
  ],
} as const;

/** An organization as a row. */
export function organizationRow(d: Dialect, o: Organization): Row {
  return {
    id: o.id,
    name: o.name,
    description: o.description,
    created_at: dateIn(d, o.created_at),
    updated_at: dateIn(d, o.updated_at),
  };
}

/** A row (optionally with prefixed column aliases) as an organization. */
export function toOrganization(r: Row, p = ''): Organization {
  return {
    id: r[`${p}id`] as string,
    name: r[`${p}name`] as string,
    description: r[`${p}description`] as string,
    created_at: dateOut(r[`${p}created_at`]),
    updated_at: dateOut(r[`${p}updated_at`]),
  };
}

/** A space as a row. */
export function spaceRow(d: Dialect, s: Space): Row {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    compliance: jsonIn(s.compliance),
    stack: s.stack,
    state: s.state,
    version: s.version,
    created_at: dateIn(d, s.created_at),
    updated_at: dateIn(d, s.updated_at),
  };
}

/** A row as a space. */
export function toSpace(r: Row, p = ''): Space {
  return {
    id: r[`${p}id`] as string,
    name: r[`${p}name`] as string,
    description: r[`${p}description`] as string,
    compliance: jsonOut<string[]>(r[`${p}compliance`]),
    stack: r[`${p}stack`] as string,
    state: r[`${p}state`] as Space['state'],
    version: Number(r[`${p}version`]),
    created_at: dateOut(r[`${p}created_at`]),
    updated_at: dateOut(r[`${p}updated_at`]),
  };
}

/** An app as a row. */
export function appRow(d: Dialect, a: App): Row {
  return {
    id: a.id,
    name: a.name,
    space_id: a.space_id,
    organization_id: a.organization_id,
    owner_id: a.owner_id,
    owner_email: a.owner_email,
    maintenance: a.maintenance,
    released_at: maybeDateIn(d, a.released_at),
    description: a.description ?? '',
    image: a.image ?? null,
    version: a.version,
    created_at: dateIn(d, a.created_at),
    updated_at: dateIn(d, a.updated_at),
  };
}

/** A row as an app. */
export function toApp(r: Row, p = ''): App {
  return {
    id: r[`${p}id`] as string,
    name: r[`${p}name`] as string,
    space_id: r[`${p}space_id`] as string,
    organization_id: r[`${p}organization_id`] as string,
    owner_id: r[`${p}owner_id`] as string,
    owner_email: r[`${p}owner_email`] as string,
    maintenance: boolOut(r[`${p}maintenance`]),
    released_at: maybeDateOut(r[`${p}released_at`]),
    description: (r[`${p}description`] as string | null) ?? '',
    image: (r[`${p}image`] as string | null) ?? null,
    version: Number(r[`${p}version`]),
    created_at: dateOut(r[`${p}created_at`]),
    updated_at: dateOut(r[`${p}updated_at`]),
  };
}

/** An audit entry as a row. */
export function auditRow(d: Dialect, e: AuditEntry): Row {
  return {
    id: e.id,
    action: e.action,
    app_id: e.app_id,
    app_name: e.app_name,
    space_name: e.space_name,
    username: e.username,
    payload: jsonIn(e.payload),
    created_at: dateIn(d, e.created_at),
  };
}

/** A row as an audit entry. */
export function toAudit(r: Row): AuditEntry {
  return {
    id: r.id as string,
    action: r.action as string,
    app_id: (r.app_id as string | null) ?? null,
    app_name: (r.app_name as string | null) ?? null,
    space_name: (r.space_name as string | null) ?? null,
    username: r.username as string,
    payload: jsonOut<Record<string, unknown>>(r.payload),
    created_at: dateOut(r.created_at),
  };
}

/** A job as a row. */
export function jobRow(d: Dialect, j: Job): Row {
  return {
    id: j.id,
    kind: j.kind,
    key: j.key,
    payload: jsonIn(j.payload),
    state: j.state,
    attempts: j.attempts,
    run_at: dateIn(d, j.run_at),
    lease_owner: j.lease_owner,
    lease_expires_at: maybeDateIn(d, j.lease_expires_at),
    last_error: j.last_error,
    created_at: dateIn(d, j.created_at),
    updated_at: dateIn(d, j.updated_at),
  };
}

/** A row as a job. */
export function toJob(r: Row): Job {
  return {
    id: r.id as string,
    kind: r.kind as string,
    key: r.key as string,
    payload: jsonOut<Record<string, unknown>>(r.payload),
    state: r.state as Job['state'],
    attempts: Number(r.attempts),
    run_at: dateOut(r.run_at),
    lease_owner: (r.lease_owner as string | null) ?? null,
    lease_expires_at: maybeDateOut(r.lease_expires_at),
    last_error: (r.last_error as string | null) ?? null,
    created_at: dateOut(r.created_at),
    updated_at: dateOut(r.updated_at),
  };
}
