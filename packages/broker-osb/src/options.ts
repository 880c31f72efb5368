import { ValidationError, type PollPolicy } from '@slipway/core';
import { z } from 'zod';

const pollPolicySchema = z
  .object({
    initialDelayMs: z.number().int().nonnegative(),
    factor: z.number().min(1),
    maxDelayMs: z.number().int().positive(),
    minDelayMs: z.number().int().nonnegative(),
    maxDurationMs: z.number().int().positive(),
  })
  .partial();

/** Options of one OSB broker; validated once at start-up so a typo fails the host, not a user request. */
export const osbBrokerOptionsSchema = z.object({
  /** Name the platform knows this broker by (stored with instances and pending operations). */
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, ".", "_" or "-"').default('osb'),
  /** Base URL of the broker; the `/v2/...` paths are appended to it. Credentials go in username/password. */
  url: z
    .url({ protocol: /^https?$/ })
    .refine((u) => !new URL(u).username && !new URL(u).password, 'put credentials in username/password, not in the URL'),
  username: z.string().min(1),
  password: z.string().min(1),
  /** X-Broker-API-Version sent on every request; brokers answer 412 to versions they do not speak. */
  apiVersion: z.string().regex(/^2\.\d+$/).default('2.17'),
  /** Platform name in X-Broker-API-Originating-Identity and `context.platform`. */
  platform: z.string().regex(/^\S+$/).default('slipway'),
  /** Per-request timeout; OSB suggests platforms wait about 60 s. */
  timeoutMs: z.number().int().positive().default(60_000),
  /** How long a fetched catalog is reused. */
  catalogTtlMs: z.number().int().nonnegative().default(60_000),
  /** Larger answers are treated as malformed rather than buffered. */
  maxResponseBytes: z.number().int().positive().default(4 * 1024 * 1024),
  /** Overrides of the core's polling policy (deadlines of pending operations). */
  pollPolicy: pollPolicySchema.optional(),
});

/** What a host passes to `osbBroker()`. */
export type OsbBrokerOptions = z.input<typeof osbBrokerOptionsSchema>;

/** Options after defaults. */
export type ResolvedOsbBrokerOptions = z.output<typeof osbBrokerOptionsSchema> & { pollPolicy?: Partial<PollPolicy> };

/** Validates options, reporting the first bad field without echoing any value (the password may be among them). */
export function parseOsbBrokerOptions(options: OsbBrokerOptions): ResolvedOsbBrokerOptions {
  const parsed = osbBrokerOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'options';
    throw new ValidationError(`invalid OSB broker option ${field}: ${issue.message}`, field);
  }
  return parsed.data;
}
