import { z } from 'zod';

/** An ISO-8601 instant as the API prints it. */
export const Instant = z.string().describe('ISO 8601 timestamp');

/** `{ id, name }` references used across resources. */
export const IdName = z.object({ id: z.string(), name: z.string() });

/** The JSON error body every 4xx/5xx carries. */
export const ErrorBody = z
  .object({
    id: z.string().describe('stable error id, e.g. not_found'),
    message: z.string(),
    code: z.number().int().describe('HTTP status'),
    field: z.string().optional().describe('the request field at fault'),
    permission: z.string().optional().describe('on a 403: the permission the caller lacks'),
    manifest_errors: z.array(z.string()).optional().describe('on a 422 of POST /app-setups: every problem of the blueprint, each naming its field path'),
  })
  .meta({ id: 'Error' });

/** A non-empty string field with a message naming it when missing or mistyped. */
export function requiredString(field: string) {
  return z.string({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be a string`) }).min(1, `${field} must not be empty`);
}

/** Renders a Date (or null) as the API does. */
export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
