import { busyboxImageContext } from '@slipway/testkit';
import type { connectDocker } from '@slipway/runtime-docker';

/** The dockerode client the end-to-end tests drive the engine with. */
type DockerClient = ReturnType<typeof connectDocker>;

/** Label key on what an end-to-end run creates on the engine, so its teardown removes exactly its own. */
export const TEST_LABEL = 'io.slipway.test-run';

/** Builds the busybox base image (no registry needed) as `tag`, labelled `TEST_LABEL=run` when a run is given. */
export async function buildBaseImage(docker: DockerClient, tag: string, run?: string): Promise<void> {
  const stream = await docker.buildImage(busyboxImageContext() as never, { t: tag, ...(run ? { labels: { [TEST_LABEL]: run } } : {}), rm: true });
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
}

/** Removes the containers, networks and images labelled `TEST_LABEL=run` (failures ignored: teardown is best effort). */
export async function removeRun(docker: DockerClient, run: string): Promise<void> {
  const filters = { label: [`${TEST_LABEL}=${run}`] };
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
  for (const i of await docker.listImages({ filters })) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
}

/**
 * Removes the images of `repository` (the slugs a controller process built, which it cannot label for this run)
 * and the images tagged `tags`.
 */
export async function removeImages(docker: DockerClient, repository: string, ...tags: string[]): Promise<void> {
  for (const i of await docker.listImages()) {
    if (i.RepoTags?.some((t) => t.startsWith(`${repository}/`) || tags.includes(t))) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
  }
}

/** Dockerfile of a test app on `baseImage` whose process runs the app's own `start.sh`. */
export function startShDockerfile(baseImage: string): string {
  return `FROM ${baseImage}\nCOPY start.sh /start.sh\nCMD ["sh", "/start.sh"]\n`;
}
