/** The OpenAPI document served by the full embedded composition. */
export function fullDocument(): Promise<Record<string, unknown>>;
