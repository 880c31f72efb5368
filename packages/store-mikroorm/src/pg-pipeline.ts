/** The parts of a node-postgres Client (created with `pipeline: true`) that pipelining wraps. */
export interface PipelinedPgClient {
  query(...args: unknown[]): unknown;
  connection: { stream: { cork(): void; uncork(): void } };
}

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
    if (config?.text === 'BEGIN;' && typeof callback === 'function') {
      send(config, () => undefined);
      // A promise job, so knex's next statements are issued before this turn's write leaves.
      queueMicrotask(() => (callback as (err: null, res: unknown) => void)(null, BEGUN));
      return undefined;
    }
    return send(...args);
  };
}
