import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCert } from './self-signed-cert.js';

/** A running pebble ACME test CA and its pebble-challtestsrv DNS server, all on loopback. */
export interface Pebble {
  /** ACME directory URL, e.g. `https://127.0.0.1:14000/dir`. */
  directoryUrl: string;
  /** PEM of the listener certificate, for clients to trust the directory's TLS. */
  listenerCaPem: string;
  /** Port pebble connects to on 127.0.0.1 to validate http-01 challenges: a test serves the answers there. */
  httpPort: number;
  /** PEM of the root pebble issues under (`GET /roots/0` of its management API). */
  rootPem(): Promise<string>;
  /** Publishes a dns-01 TXT record through pebble-challtestsrv (`name` is `_acme-challenge.<domain>`). */
  setTxt(name: string, value: string): Promise<void>;
  /** Withdraws the TXT records of `name`. */
  clearTxt(name: string): Promise<void>;
  /** Stops both daemons and deletes their temp dir. */
  stop(): Promise<void>;
}

/** Debian's package ships both daemons; a missing one fails the suite with how to get it. */
function requireBinary(bin: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${bin} is required for the ACME tests: install Debian's pebble package (bash .ci/install-pebble.sh)`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A self-signed listener certificate for 127.0.0.1 and localhost (the package ships none). */
async function listenerCertificate(): Promise<{ certPem: string; keyPem: string }> {
  const { cert, key } = await selfSignedCert({ dns: ['localhost'], ips: ['127.0.0.1'] });
  return { certPem: cert, keyPem: key };
}

function fetchText(url: string, ca?: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(u, { method: body === undefined ? 'GET' : 'POST', ca, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`timeout on ${url}`)));
    req.end(body);
  });
}

async function waitUp(url: string, ca: string | undefined, dead: () => string | null): Promise<void> {
  const until = Date.now() + 20_000;
  let last = '';
  while (Date.now() < until) {
    const why = dead();
    if (why) throw new Error(why);
    try {
      await fetchText(url, ca);
      return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer in time: ${last}`);
}

/**
 * Starts pebble and pebble-challtestsrv on free loopback ports with their state in a temp dir: challtestsrv
 * resolves every name to 127.0.0.1 (IPv4 only, or pebble dials [::1]) and serves dns-01 TXT records; pebble
 * validates http-01 on 127.0.0.1:`httpPort`, where the caller serves the answers. Throws when Debian's `pebble`
 * package is missing (with or without CI: there is no meaningful skip for an ACME test).
 */
export async function startPebble(): Promise<Pebble> {
  requireBinary('pebble');
  requireBinary('pebble-challtestsrv');
  const dir = mkdtempSync(join(tmpdir(), 'slw-pebble-'));
  const [acmePort, mgmtPort, httpPort, tlsPort, dnsPort, challMgmtPort] = await Promise.all(Array.from({ length: 6 }, freePort));
  const { certPem, keyPem } = await listenerCertificate();
  writeFileSync(join(dir, 'cert.pem'), certPem);
  writeFileSync(join(dir, 'key.pem'), keyPem, { mode: 0o600 });
  writeFileSync(
    join(dir, 'pebble.json'),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${mgmtPort}`,
        certificate: join(dir, 'cert.pem'),
        privateKey: join(dir, 'key.pem'),
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );

  const children: ChildProcess[] = [];
  const failures: string[] = [];
  const start = (bin: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess => {
    const logFile = join(dir, `${bin}.log`);
    const log = openSync(logFile, 'a');
    const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', log, log], env: { ...process.env, ...env } });
    closeSync(log);
    child.on('error', (err) => failures.push(`${bin}: ${err.message}`));
    child.on('exit', (code, signal) => failures.push(`${bin} exited (${code ?? signal})`));
    children.push(child);
    return child;
  };
  const tail = () =>
    ['pebble-challtestsrv', 'pebble']
      .map((b) => join(dir, `${b}.log`))
      .filter(existsSync)
      .map((f) => readFileSync(f, 'utf8').split('\n').slice(-6).join('\n'))
      .join('\n');
  const dead = () => (failures.length ? `${failures.join('; ')}\n${tail()}` : null);

  const stop = async () => {
    await Promise.all(
      children.map(async (c) => {
        if (c.exitCode !== null || c.signalCode !== null) return;
        const exited = new Promise<void>((r) => c.once('exit', () => r()));
        c.kill('SIGTERM');
        const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };

  const challMgmt = `http://127.0.0.1:${challMgmtPort}`;
  try {
    start('pebble-challtestsrv', ['-defaultIPv6', '', '-dns01', `127.0.0.1:${dnsPort}`, '-http01', '', '-https01', '', '-tlsalpn01', '', '-management', `127.0.0.1:${challMgmtPort}`]);
    await waitUp(challMgmt, undefined, dead);
    // No random validation sleeps and no random nonce rejections: tests stay fast and deterministic.
    start('pebble', ['-config', join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${dnsPort}`], { PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' });
    await waitUp(`https://127.0.0.1:${acmePort}/dir`, certPem, dead);
  } catch (err) {
    await stop();
    throw err;
  }

  const challtest = async (path: string, body: object) => {
    const res = await fetchText(`${challMgmt}${path}`, undefined, JSON.stringify(body));
    if (res.status !== 200) throw new Error(`pebble-challtestsrv ${path} answered ${res.status}: ${res.text}`);
  };
  return {
    directoryUrl: `https://127.0.0.1:${acmePort}/dir`,
    listenerCaPem: certPem,
    httpPort,
    async rootPem() {
      const res = await fetchText(`https://127.0.0.1:${mgmtPort}/roots/0`, certPem);
      if (res.status !== 200) throw new Error(`pebble /roots/0 answered ${res.status}`);
      return res.text;
    },
    setTxt: (name, value) => challtest('/set-txt', { host: name.endsWith('.') ? name : `${name}.`, value }),
    clearTxt: (name) => challtest('/clear-txt', { host: name.endsWith('.') ? name : `${name}.` }),
    stop,
  };
}
