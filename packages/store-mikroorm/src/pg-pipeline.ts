/** The parts of a node-postgres Client (created with `pipeline: true`) that pipelining wraps. */
export interface PipelinedPgClient {
  query(...args: unknown[]): unknown;
  connection: { stream: { cork(): void; uncork(): void } };
}

/** A statement to send right behind a connection's next COMMIT (see `afterCommit`). */
interface Follower {
  text: string;
  resolve(): void;
  reject(err: unknown): void;
}

const FOLLOWER = Symbol('slipway.afterCommit');
const PIPELINED = Symbol('slipway.pipelined');

/** A client `pipelined` wrapped, with the statement its next COMMIT carries, if any. */
type Following = PipelinedPgClient & { [FOLLOWER]?: Follower; [PIPELINED]?: true };

/** What node-postgres answers for BEGIN, handed to knex at once (see `pipelined`). */
const BEGUN = Object.freeze({ command: 'BEGIN', rowCount: null, oid: null, rows: [], fields: [] });

/**
 * Makes a pooled client, already in node-postgres' pipeline mode (each statement goes out as it is issued, not after the
 * previous answered), send every statement issued in one turn of the event loop in one socket write: on loopback
 * TCP a write costs more CPU than a short statement, and a transaction's side-by-side reads and writes are issued in
 * one turn. Knex's BEGIN is answered at once rather than after its round trip, so it leaves with the transaction's
 * first statements: PostgreSQL runs a connection's statements in order, and a BEGIN that failed (only a lost
 * connection fails it) fails every statement behind it, so the transaction never runs outside one.
 */
export function pipelined(client: PipelinedPgClient): void {
  const send = client.query.bind(client);
  (client as Following)[PIPELINED] = true;
  const stream = client.connection.stream;
  let corked = false;
  client.query = (...args: unknown[]) => {
    if (!corked) {
      corked = true;
      stream.cork();
      // A tick queued from a promise job runs once the whole job queue ran: after every statement of this turn.
      process.nextTick(() => {
        corked = false;
        stream.uncork();
      });
    }
    const [config, callback] = args as [{ text?: unknown; values?: unknown[] } | undefined, unknown];
    const follower = (client as Following)[FOLLOWER];
    if (config?.text === 'COMMIT;' && follower) {
      delete (client as Following)[FOLLOWER];
      const answer = send(...args);
      // Issued in the same turn, so it leaves in the COMMIT's write; PostgreSQL runs it once the COMMIT is done.
      send({ text: follower.text }, (err: unknown) => (err ? follower.reject(err) : follower.resolve()));
      return answer;
    }
    if (config?.text === 'BEGIN;' && typeof callback === 'function') {
      send(config, () => undefined);
      // A promise job, so knex's next statements are issued before this turn's write leaves.
      queueMicrotask(() => (callback as (err: null, res: unknown) => void)(null, BEGUN));
      return undefined;
    }
    return send(...args);
  };
}

/**
 * Has a pipelined connection send `text` right behind its next COMMIT, in the same socket write: work that must follow
 * a commit (the change feed's version bump) then costs no write of its own. `answered` settles with that statement;
 * `cancel` withdraws it while it is unsent (the transaction rolled back). Null for a connection that is not pipelined.
 */
export function afterCommit(conn: unknown, text: string): { answered: Promise<void>; cancel(): void } | null {
  const client = conn as Following;
  if (!client || typeof client.query !== 'function' || !(PIPELINED in client)) return null;
  let follower!: Follower;
  const answered = new Promise<void>((resolve, reject) => (follower = { text, resolve, reject }));
  // Whoever awaits it sees a failure; unawaited (the commit failed) it must not surface as unhandled.
  answered.catch(() => undefined);
  client[FOLLOWER] = follower;
  return {
    answered,
    cancel() {
      if (client[FOLLOWER] === follower) delete client[FOLLOWER];
    },
  };
}
