// The baseline each Slipway figure is compared with, in a process of its own: a bare koa server answering the
// same routes with the plain driver the store uses (pg, or sqlite3 as @mikro-orm/sqlite does) and the least SQL
// each request needs, as prepared statements. No auth, validation or audit. Config: { databaseUrl }.
import Koa from 'koa';
import Router from '@koa/router';
import { config, serveUntilSignal } from '../lib/serve.mjs';
import { openPostgres, openSqlite } from './baseline-drivers.mjs';

const JOIN = `select a.*, s.name as space_name, s.compliance, s.stack, o.name as org_name
  from apps a join spaces s on s.id = a.space_id join organizations o on o.id = a.organization_id`;
const SQL = {
  appJoin: `${JOIN} where a.name = ? and s.name = ?`,
  // The least a look-up by name can read: one table, one index (apps (name, id)).
  appOneTable: 'select * from apps where name = ? limit 1',
  list: `${JOIN} order by a.id limit 1000`,
  appId: 'select a.id from apps a join spaces s on s.id = a.space_id where a.name = ? and s.name = ?',
  upsert: `insert into config_vars (owner_kind, owner_id, key, value) values ('app', ?, ?, ?)
    on conflict (owner_kind, owner_id, key) do update set value = excluded.value`,
  config: "select key, value from config_vars where owner_kind = 'app' and owner_id = ?",
};

/** `app500-perf` -> [`app500`, `perf`]. */
const split = (key) => {
  const dash = key.indexOf('-');
  return [key.slice(0, dash), key.slice(dash + 1)];
};

/** Reads a JSON request body (koa has no parser of its own; Slipway reads one too). */
async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

await serveUntilSignal(async () => {
  const db = config.databaseUrl.startsWith('sqlite:') ? await openSqlite(config.databaseUrl.slice('sqlite:'.length), SQL) : openPostgres(config.databaseUrl, SQL);
  const app = new Koa();
  app.silent = !process.env.BENCH_DEBUG;
  const router = new Router();
  router.get('/apps/:key', async (ctx) => {
    const [row] = await db.read('appJoin', split(ctx.params.key));
    if (!row) ctx.throw(404);
    ctx.body = row;
  });
  router.get('/one-table/apps/:key', async (ctx) => {
    const [row] = await db.read('appOneTable', [split(ctx.params.key)[0]]);
    if (!row) ctx.throw(404);
    ctx.body = row;
  });
  router.get('/apps', async (ctx) => {
    ctx.body = await db.read('list', []);
  });
  // One transaction: find the app, upsert each key, read the app's config back.
  router.patch('/apps/:key/config-vars', async (ctx) => {
    const changes = await body(ctx.req);
    ctx.body = await db.transaction(async (q) => {
      const [row] = await q('appId', split(ctx.params.key));
      if (!row) ctx.throw(404);
      for (const [k, v] of Object.entries(changes)) await q('upsert', [row.id, k, v]);
      const rows = await q('config', [row.id]);
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    });
  });
  app.use(router.routes());
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, ready: { url: `http://127.0.0.1:${server.address().port}` }, close: () => db.close() };
});
