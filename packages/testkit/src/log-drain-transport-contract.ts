import net from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DriverUnavailableError, ValidationError, type DrainConnection, type DrainLogEntry, type LogDrainTransport } from '@slipway/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsLogReceiver, type HttpsLogReceiver } from './https-log-receiver.js';
import { parseSyslogLine, rsyslogAvailable, startRsyslog, type ReceivedSyslogMessage, type RsyslogReceiver } from './rsyslog.js';

/** Which drain kinds a transport claims; the contract runs every case of a claimed kind. */
export interface LogDrainTransportCapabilities {
  syslogTcp: boolean;
  syslogTls: boolean;
  syslogUdp: boolean;
  https: boolean;
}

/** What the contract hands the factory. */
export interface LogDrainTransportEnv {
  /** CA certificates (PEM) the transport must trust for syslog+tls and https; empty to test that it verifies. */
  ca: string[];
}

/**
 * Makes a transport for the contract. It must reconnect and retry within about a second (a short backoff), time an
 * HTTPS request out within about 2 s, and honour `open(url, { buffer })`. It may return a `close` to release pools.
 */
export type LogDrainTransportFactory = (env: LogDrainTransportEnv) => LogDrainTransport & { close?(): Promise<void> };

const APP = 'shop-dev';

function entry(message: string, over: Partial<DrainLogEntry> = {}): DrainLogEntry {
  // The app key is the message's tag (`<tag>-<n>`), so a test finds its own lines among everything rsyslog stored.
  const app = /^(.*)-[^-]+$/.exec(message.split(' ')[0]!)?.[1] ?? APP;
  return { timestamp: new Date(), app, process_type: 'web', dyno: 'web.1', source: 'app', message, ...over };
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Messages of one test: each test writes as its own app (the syslog HOSTNAME), drop notices included. */
function tagged(messages: ReceivedSyslogMessage[], tag: string): string[] {
  return messages.filter((m) => m.hostname === tag).map((m) => m.msg);
}

function range(tag: string, from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => `${tag}-${from + i}`);
}

/**
 * The behaviour every LogDrainTransport shows against real receivers: a private rsyslogd (TCP, TLS, UDP) and a
 * node HTTPS server. With CI=true a missing rsyslogd fails the suite.
 */
export function logDrainTransportContract(name: string, factory: LogDrainTransportFactory, caps: LogDrainTransportCapabilities): void {
  const syslog = caps.syslogTcp || caps.syslogTls || caps.syslogUdp;
  const haveRsyslog = syslog ? rsyslogAvailable() : false;

  describe(`LogDrainTransport contract: ${name}`, () => {
    let rs: RsyslogReceiver | null = null;
    let web: HttpsLogReceiver;
    let transport: LogDrainTransport & { close?(): Promise<void> };
    const opened: DrainConnection[] = [];
    const open = (t: LogDrainTransport, url: string, options?: Parameters<LogDrainTransport['open']>[1]) => {
      const d = t.open(url, options);
      opened.push(d);
      return d;
    };

    beforeAll(async () => {
      if (haveRsyslog) rs = await startRsyslog();
      web = await startHttpsLogReceiver();
      transport = factory({ ca: [...(rs ? [rs.caPem] : []), web.caPem] });
    });

    // Each test closes what it opened, so sessions do not pile up on the receiver across tests.
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((d) => d.close(100)));
    });

    afterAll(async () => {
      await transport?.close?.();
      await web?.close();
      await rs?.close();
    });

    it('refuses malformed drain URLs with a ValidationError on field url', () => {
      for (const url of ['ftp://logs.example.com', 'syslog://logs.example.com', 'syslog+tls://user:pw@logs.example.com:6514', 'not a url']) {
        expect(() => transport.open(url)).toThrow(ValidationError);
        try {
          transport.open(url);
        } catch (err) {
          expect((err as ValidationError).field).toBe('url');
        }
      }
    });

    const streams: Array<['tcp' | 'tls', boolean]> = [['tcp', caps.syslogTcp], ['tls', caps.syslogTls]];
    for (const [kind, claimed] of streams) {
      describe.skipIf(!claimed || !haveRsyslog)(`syslog over ${kind.toUpperCase()}`, () => {
        const url = () => (kind === 'tcp' ? `syslog://127.0.0.1:${rs!.tcpPort}` : `syslog+tls://localhost:${rs!.tlsPort}`);

        it('delivers RFC 5424 lines with app key, source, dyno and process type in the header', async () => {
          const tag = `hdr-${kind}`;
          const d = open(transport, url());
          d.write(entry(`${tag}-0 hello from the dyno`, { severity: 3 }));
          d.write(entry(`${tag}-1 at=info method=GET path=/`, { source: 'router', dyno: 'router', process_type: '' }));
          d.write(entry(`${tag}-2 Build succeeded ✓`, { source: 'build', dyno: '', process_type: '' }));
          const got = await rs!.waitFor((m) => tagged(m, tag).length === 3);
          const mine = got.filter((m) => m.hostname === tag);
          expect(mine.map((m) => [m.version, m.hostname, m.app_name, m.procid, m.msgid])).toEqual([
            [1, tag, 'app', 'web.1', 'web'],
            [1, tag, 'router', 'router', '-'],
            [1, tag, 'build', '-', '-'],
          ]);
          expect(mine.map((m) => m.msg)).toEqual([`${tag}-0 hello from the dyno`, `${tag}-1 at=info method=GET path=/`, `${tag}-2 Build succeeded ✓`]);
          expect(mine[0]!.pri % 8).toBe(3);
          expect(mine[1]!.pri % 8).toBe(6);
          await d.flush();
          expect(d.stats()).toMatchObject({ sent: 3, dropped: 0, buffered: 0, connected: true, last_error: null });
        });

        it('queues lines while the receiver restarts and loses none of them', async () => {
          const tag = `restart-${kind}`;
          const d = open(transport, url());
          for (const m of range(tag, 0, 10)) d.write(entry(m));
          await rs!.waitFor((m) => tagged(m, tag).length === 10);
          await rs!.stop();
          await until('the drain notices the receiver went away', () => !d.stats().connected);
          for (const m of range(tag, 10, 20)) d.write(entry(m));
          expect(d.stats()).toMatchObject({ buffered: 10, connected: false });
          await rs!.start();
          for (const m of range(tag, 20, 30)) d.write(entry(m));
          const got = await rs!.waitFor((m) => tagged(m, tag).length >= 30);
          expect(tagged(got, tag)).toEqual(range(tag, 0, 30));
          expect(d.stats()).toMatchObject({ dropped: 0, connected: true });
        });

        it('drops the oldest lines on overflow and reports the count, as a counter and as one line once reconnected', async () => {
          const tag = `overflow-${kind}`;
          const d = open(transport, url(), { buffer: { maxLines: 5 } });
          d.write(entry(`${tag}-start`));
          await rs!.waitFor((m) => tagged(m, tag).length === 1);
          await rs!.stop();
          await until('the drain notices the receiver went away', () => !d.stats().connected);
          for (const m of range(tag, 0, 12)) d.write(entry(m));
          expect(d.stats()).toMatchObject({ dropped: 7, buffered: 5 });
          await rs!.start();
          const got = await rs!.waitFor((m) => tagged(m, tag).length >= 7);
          const lines = tagged(got, tag);
          expect(lines[0]).toBe(`${tag}-start`);
          expect(lines[1]).toMatch(/\b7 lines dropped\b|\bdropped\b.*\b7\b/);
          expect(lines.slice(2)).toEqual(range(tag, 7, 12));
        });
      });
    }

    describe.skipIf(!caps.syslogTls || !haveRsyslog)('syslog over TLS: trust', () => {
      it('refuses a receiver whose certificate it does not trust and delivers nothing', async () => {
        const strict = factory({ ca: [] });
        const d = open(strict, `syslog+tls://localhost:${rs!.tlsPort}`);
        d.write(entry('untrusted-0 must not arrive'));
        await until('the TLS failure is reported', () => d.stats().last_error !== null);
        expect(d.stats()).toMatchObject({ connected: false, sent: 0, buffered: 1 });
        expect(d.stats().last_error).toMatch(/certificate|TLS|self.signed/i);
        await d.close(50);
        await strict.close?.();
        expect(rs!.messages().some((m) => m.msg.startsWith('untrusted-'))).toBe(false);
      });
    });

    describe.skipIf(!caps.syslogUdp || !haveRsyslog)('syslog over UDP', () => {
      it('sends one datagram per line and cuts long lines to a safe size', async () => {
        const tag = 'udp';
        const d = open(transport, `syslog+udp://127.0.0.1:${rs!.udpPort}`);
        d.write(entry(`${tag}-0 over udp`, { dyno: 'worker.2', process_type: 'worker' }));
        d.write(entry(`${tag}-1 ${'x'.repeat(20_000)}`));
        const got = await rs!.waitFor((m) => tagged(m, tag).length === 2);
        const [short, long] = got.filter((m) => m.hostname === tag);
        expect([short!.hostname, short!.app_name, short!.procid, short!.msgid, short!.msg]).toEqual([tag, 'app', 'worker.2', 'worker', `${tag}-0 over udp`]);
        expect(long!.msg.startsWith(`${tag}-1 xxx`)).toBe(true);
        expect(Buffer.byteLength(long!.raw)).toBeLessThan(9000);
        await d.flush();
        expect(d.stats()).toMatchObject({ sent: 2, dropped: 0, connected: true });
      });
    });

    describe.skipIf(!caps.syslogTcp || !haveRsyslog)('isolation', () => {
      it('a receiver that accepts but never reads fills only its own buffer; another drain keeps delivering', async () => {
        const stuck = net.createServer((socket) => socket.pause());
        await new Promise<void>((r) => stuck.listen(0, '127.0.0.1', r));
        const port = (stuck.address() as net.AddressInfo).port;
        try {
          const jammed = open(transport, `syslog://127.0.0.1:${port}`, { buffer: { maxLines: 50 } });
          await until('the stuck receiver accepted the drain', () => jammed.stats().connected);
          const big = 'y'.repeat(4000);
          for (let round = 0; round < 400 && jammed.stats().dropped === 0; round++) {
            for (let i = 0; i < 100; i++) jammed.write(entry(`jam-${round}-${i} ${big}`));
            await nextTurn();
          }
          expect(jammed.stats().dropped).toBeGreaterThan(0);
          expect(jammed.stats().buffered).toBeLessThanOrEqual(50);
          expect(jammed.stats().connected).toBe(true);
          const tag = 'beside-jam';
          const healthy = open(transport, `syslog://127.0.0.1:${rs!.tcpPort}`);
          for (const m of range(tag, 0, 20)) healthy.write(entry(m));
          jammed.write(entry('jam-more'));
          const got = await rs!.waitFor((m) => tagged(m, tag).length === 20);
          expect(tagged(got, tag)).toEqual(range(tag, 0, 20));
          await expect(jammed.flush(200)).rejects.toBeInstanceOf(DriverUnavailableError);
          await jammed.close(50);
          expect(jammed.stats().connected).toBe(false);
        } finally {
          stuck.close();
        }
      });
    });

    describe.skipIf(!caps.https)('HTTPS drains', () => {
      it('POSTs batches of octet-counted RFC 5424 frames with the Logplex headers and Basic auth from the URL', async () => {
        web.behave(() => 200);
        const before = web.requests.length;
        const base = new URL(web.url);
        const d = open(transport, `https://drain-user:s3cret@${base.host}/logs?app=shop`, { token: 'd.0f2c' });
        for (const m of range('batch', 0, 5)) d.write(entry(m, { dyno: 'web.2' }));
        await web.waitFor((r) => r.length > before);
        await d.flush();
        const reqs = web.requests.slice(before);
        expect(reqs.length).toBe(1);
        const req = reqs[0]!;
        expect(req.method).toBe('POST');
        expect(req.path).toBe('/logs?app=shop');
        expect(req.headers['content-type']).toBe('application/logplex-1');
        expect(req.headers['logplex-msg-count']).toBe('5');
        expect(req.headers['logplex-frame-id']).toMatch(/\S{8,}/);
        expect(req.headers['logplex-drain-token']).toBe('d.0f2c');
        expect(req.headers.authorization).toBe(`Basic ${Buffer.from('drain-user:s3cret').toString('base64')}`);
        const frames = req.frames.map((f) => parseSyslogLine(f)!);
        expect(frames.map((f) => [f.version, f.hostname, f.app_name, f.procid, f.msgid, f.msg])).toEqual(
          range('batch', 0, 5).map((m) => [1, 'batch', 'app', 'web.2', 'web', m]),
        );
        expect(d.stats()).toMatchObject({ sent: 5, dropped: 0, buffered: 0, connected: true, last_error: null });
        expect(d.url).not.toContain('s3cret');
      });

      it('retries a batch on 5xx with the same Frame-Id until it is accepted', async () => {
        const before = web.requests.length;
        web.behave((i) => (i < before + 2 ? 503 : 200));
        const d = open(transport, `${web.url}/retry`);
        for (const m of range('retry', 0, 3)) d.write(entry(m));
        await d.flush(15_000);
        const reqs = web.requests.slice(before);
        expect(reqs.map((r) => r.status)).toEqual([503, 503, 200]);
        expect(new Set(reqs.map((r) => r.headers['logplex-frame-id'])).size).toBe(1);
        expect(reqs[2]!.frames.map((f) => parseSyslogLine(f)!.msg)).toEqual(range('retry', 0, 3));
        expect(d.stats()).toMatchObject({ sent: 3, dropped: 0 });
      });

      it('times out a hanging request and retries it, while another drain is not held up', async () => {
        const before = web.requests.length;
        web.behave((i, r) => (r.path === '/hang' && i === before ? 'hang' : 200));
        const hanging = open(transport, `${web.url}/hang`);
        hanging.write(entry('hang-0'));
        await web.waitFor((r) => r.length > before);
        const other = open(transport, `${web.url}/other`);
        other.write(entry('other-0'));
        await other.flush(5_000);
        expect(hanging.stats()).toMatchObject({ sent: 0, buffered: 1 });
        await hanging.flush(15_000);
        const tries = web.requests.slice(before).filter((r) => r.path === '/hang');
        expect(tries.map((r) => r.status)).toEqual([null, 200]);
        expect(tries[0]!.headers['logplex-frame-id']).toBe(tries[1]!.headers['logplex-frame-id']);
        expect(hanging.stats()).toMatchObject({ sent: 1, dropped: 0 });
      });

      it('drops a batch the receiver refuses with 4xx and says so in the next batch', async () => {
        const before = web.requests.length;
        web.behave((i) => (i === before ? 400 : 200));
        const d = open(transport, `${web.url}/refuse`);
        d.write(entry('refused-0'));
        d.write(entry('refused-1'));
        await web.waitFor((r) => r.length > before && r[before]!.status === 400);
        await until('the refused batch is counted', () => d.stats().dropped === 2);
        d.write(entry('after-0'));
        await d.flush();
        const next = web.requests[before + 1]!;
        const msgs = next.frames.map((f) => parseSyslogLine(f)!.msg);
        expect(msgs).toHaveLength(2);
        expect(msgs[0]).toMatch(/\b2 lines dropped\b|\bdropped\b.*\b2\b/);
        expect(msgs[1]).toBe('after-0');
        expect(d.stats().last_error).toBeNull();
      });

      it('drops later writes once closed', async () => {
        const d = open(transport, `${web.url}/closed`);
        await d.close(100);
        d.write(entry('too-late'));
        expect(d.stats()).toMatchObject({ dropped: 1, connected: false, buffered: 0 });
      });
    });
  });
}
