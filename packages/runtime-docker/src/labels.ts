/** Label keys Slipway puts on every container, network and image it creates, so it can find them again. */
export const LABEL = {
  managed: 'io.slipway.managed',
  appId: 'io.slipway.app.id',
  appName: 'io.slipway.app.name',
  spaceId: 'io.slipway.space.id',
  spaceName: 'io.slipway.space.name',
  type: 'io.slipway.type',
  dyno: 'io.slipway.dyno',
  releaseId: 'io.slipway.release.id',
  releaseVersion: 'io.slipway.release.version',
  size: 'io.slipway.size',
  port: 'io.slipway.port',
  command: 'io.slipway.command',
  healthcheck: 'io.slipway.healthcheck',
  specHash: 'io.slipway.spec',
  buildId: 'io.slipway.build.id',
  /** The app a one-off process ran for (not `app.id`: one-offs are no dynos). */
  oneOffApp: 'io.slipway.one-off.app.id',
} as const;

/** Docker object names allow `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; anything else becomes a dash. */
export function dockerSafe(name: string): string {
  return name.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
}

/** Name of a space's bridge network. */
export function networkName(prefix: string, space: { name: string }): string {
  return dockerSafe(`${prefix}-space-${space.name}`);
}
