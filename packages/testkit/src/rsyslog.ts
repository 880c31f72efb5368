import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort, freeUdpPort } from './free-port.js';
import { IN_CI } from './postgres.js';
import { selfSignedCert } from './self-signed-cert.js';

/** One message as rsyslog stored it (RSYSLOG_SyslogProtocol23Format), split into its RFC 5424 fields. */
export interface ReceivedSyslogMessage {
  pri: number;
  version: number;
  timestamp: string;
  hostname: string;
  app_name: string;
  procid: string;
  msgid: string;
  structured_data: string;
  msg: string;
  /** The whole stored line. */
  raw: string;
}

/** A private rsyslogd on loopback: plain TCP, TLS (anonymous, self-signed) and UDP inputs, all into one file. */
export interface RsyslogReceiver {
  tcpPort: number;
  tlsPort: number;
  udpPort: number;
  /** The TLS listener's self-signed certificate (for localhost and 127.0.0.1); trust it as a CA. */
  caPem: string;
  /** Messages stored so far, in arrival order. */
  messages(): ReceivedSyslogMessage[];
  /** Waits until `done(messages)` holds; rejects with what arrived when `timeoutMs` passes first. */
  waitFor(done: (messages: ReceivedSyslogMessage[]) => boolean, timeoutMs?: number): Promise<ReceivedSyslogMessage[]>;
  /** Stops the daemon (it flushes its queue first); ports, certificate and stored messages stay. */
  stop(): Promise<void>;
  /** Starts the daemon again on the same ports. */
  start(): Promise<void>;
  /** Stops the daemon and deletes its directory. */
  close(): Promise<void>;
}

const LINE = /^<(\d+)>(\d+) (\S+) (\S+) (\S+) (\S+) (\S+) (-|\[.*?\](?:\[.*?\])*) ?(.*)$/;

/** Splits one RFC 5424 line; null when it is not one. */
export function parseSyslogLine(raw: string): ReceivedSyslogMessage | null {
  const m = LINE.exec(raw);
  if (!m) return null;
  return {
    pri: Number(m[1]), version: Number(m[2]), timestamp: m[3]!, hostname: m[4]!, app_name: m[5]!, procid: m[6]!, msgid: m[7]!,
    structured_data: m[8]!, msg: m[9]!, raw,
  };
}

/** Whether rsyslogd is installed; in CI (CI=true) a missing one throws, so the suite fails instead of skipping. */
export function rsyslogAvailable(): boolean {
  const found = spawnSync('rsyslogd', ['-v'], { stdio: 'ignore' }).status === 0;
  if (!found && IN_CI) throw new Error('rsyslogd is required in CI (apt-get install rsyslog rsyslog-openssl; see .ci/install-rsyslog.sh)');
  return found;
}

function config(dir: string, ports: { tcp: number; tls: number; udp: number }): string {
  // No imuxsock / imklog: nothing touches /dev/log or the kernel log; all state stays under `dir`.
  return `global(workDirectory="${dir}/work" maxMessageSize="64k")
module(load="imtcp" maxSessions="200")
module(load="imudp")
input(type="imtcp" address="127.0.0.1" port="${ports.tcp}" ruleset="drains")
input(type="imtcp" address="127.0.0.1" port="${ports.tls}" ruleset="drains"
      streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="anon"
      streamDriver.certFile="${dir}/cert.pem" streamDriver.keyFile="${dir}/key.pem" streamDriver.caFile="${dir}/cert.pem")
input(type="imudp" address="127.0.0.1" port="${ports.udp}" ruleset="drains")
ruleset(name="drains") {
  action(type="omfile" file="${dir}/drains.log" template="RSYSLOG_SyslogProtocol23Format" flushOnTXEnd="on" asyncWriting="off")
}
action(type="omfile" file="${dir}/internal.log")
`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a private, unprivileged rsyslogd (`rsyslogd -n -f rs.conf -i pid`) with its config, certificate, work
 * directory and output under a temp dir. Returns null when rsyslogd is not installed (outside CI only).
 */
export async function startRsyslog(): Promise<RsyslogReceiver | null> {
  if (!rsyslogAvailable()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'slw-rs-'));
  mkdirSync(join(dir, 'work'));
  const cert = await selfSignedCert({ dns: ['localhost'], ips: ['127.0.0.1'] });
  writeFileSync(join(dir, 'cert.pem'), cert.cert);
  writeFileSync(join(dir, 'key.pem'), cert.key, { mode: 0o600 });
  const ports = { tcp: await freeTcpPort(), tls: await freeTcpPort(), udp: await freeUdpPort() };
  writeFileSync(join(dir, 'rs.conf'), config(dir, ports));
  const out = join(dir, 'drains.log');
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const log = openSync(join(dir, 'rsyslogd.out'), 'a');
    const proc = spawn('rsyslogd', ['-n', '-f', join(dir, 'rs.conf'), '-i', join(dir, 'pid')], { stdio: ['ignore', log, log] });
    closeSync(log);
    child = proc;
    let failure = '';
    proc.on('error', (err) => (failure = err.message));
    const until = Date.now() + 15_000;
    while (Date.now() < until && !failure && proc.exitCode === null) {
      if ((await accepts(ports.tcp)) && (await accepts(ports.tls))) return;
      await sleep(100);
    }
    const tail = existsSync(join(dir, 'rsyslogd.out')) ? readFileSync(join(dir, 'rsyslogd.out'), 'utf8').slice(-2000) : '';
    if (proc.exitCode === null) proc.kill('SIGKILL');
    throw new Error(`rsyslogd did not start: ${failure || `exit code ${proc.exitCode}`}\n${tail}`);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const messages = (): ReceivedSyslogMessage[] => {
    if (!existsSync(out)) return [];
    return readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').map((l) => parseSyslogLine(l) ?? { raw: l } as ReceivedSyslogMessage);
  };

  await start();
  return {
    tcpPort: ports.tcp,
    tlsPort: ports.tls,
    udpPort: ports.udp,
    caPem: cert.cert,
    messages,
    async waitFor(done, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const got = messages();
        if (done(got)) return got;
        if (Date.now() > until) throw new Error(`rsyslog did not receive the expected messages in ${timeoutMs} ms; it has ${got.length}:\n${got.slice(-5).map((m) => m.raw).join('\n')}`);
        await sleep(100);
      }
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
