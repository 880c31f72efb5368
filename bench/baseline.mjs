// The baseline each Slipway figure is compared with: a bare koa server answering the same routes with
// the plain driver (pg or sqlite3) and the same SQL a request needs at minimum. No auth, validation,
// audit or transaction: it shows what the database and HTTP stack cost on their own.
import Koa from 'koa';
import Router from '@koa/router';
import pg from 'pg';
import sqlite3 from 'sqlite3';

const VIEW = `select a.*, s.name as space_name, s.compliance, s.stack, o.name as org_name
  from apps a join spaces s on s.id = a.space_id join organizations o on o.id = a.organization_id`;

/** Minimal query helpers over the plain driver for one database URL. */
function openDriver(url) {
  if (url.startsWith('sqlite:')) {
    const db = new sqlite3.Database(url.slice('sqlite:'.length));
    db.configure('busyTimeout', 5000);
    const q = (sql, params = []) => new Promise((res, rej) => db.all(sql, params, (e, rows) => (e ? rej(e) : res(rows))));
    return { q, close: () => new Promise((r) => db.close(() => r())) };
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const q = (sql, params = []) => {
    let i = 0;
    return pool.query(sql.replace(/\?/g, () => `$${++i}`), params).then((r) => r.rows);
  };
  return { q, close: () => pool.end() };
}

/** Starts the baseline server on an ephemeral port; resolves with its URL and a close function. */
export async function startBaseline(url) {
  const { q, close } = openDriver(url);
  const app = new Koa();
  app.silent = !process.env.BENCH_DEBUG;
  const router = new Router();
  router.get('/apps/:key', async (ctx) => {
    const dash = ctx.params.key.indexOf('-');
    const rows = await q(`${VIEW} where a.name = ? and s.name = ?`, [ctx.params.key.slice(0, dash), ctx.params.key.slice(dash + 1)]);
    if (!rows[0]) ctx.throw(404);
    ctx.body = rows[0];
  });
  router.get('/apps', async (ctx) => {
    ctx.body = await q(`${VIEW} order by a.id limit 1001`);
  });
  router.patch('/apps/:key/config-vars', async (ctx) => {
    const chunks = [];
    for await (const c of ctx.req) chunks.push(c);
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    const dash = ctx.params.key.indexOf('-');
    const [app] = await q(`select a.id from apps a join spaces s on s.id = a.space_id where a.name = ? and s.name = ?`, [ctx.params.key.slice(0, dash), ctx.params.key.slice(dash + 1)]);
    for (const [k, v] of Object.entries(body)) {
      await q(`insert into config_vars (owner_kind, owner_id, key, value) values ('app', ?, ?, ?) on conflict (owner_kind, owner_id, key) do update set value = excluded.value`, [app.id, k, v]);
    }
    const rows = await q(`select key, value from config_vars where owner_kind = 'app' and owner_id = ?`, [app.id]);
    ctx.body = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  });
  app.use(router.routes());
  const server = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: async () => {
      await new Promise((r) => server.close(() => r()));
      await close();
    },
  };
}
