// Installs dependencies when missing or stale and builds every package, so `npm start`,
// `npm test` and `npm run bench` work on a fresh clone with nothing but Node.
import { execSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

const stamp = 'node_modules/.package-lock.json';
if (!existsSync(stamp) || mtime('package-lock.json') > mtime(stamp)) {
  run('npm install --no-audit --no-fund --loglevel=error');
}
run('npx tsc -b');

// npm marks bin targets executable at install time, before tsc has written them on a fresh clone.
// Workspaces are `dir/*` globs: each sub-folder with a package.json is one.
const workspaces = JSON.parse(readFileSync('package.json', 'utf8')).workspaces.flatMap((w) =>
  w.endsWith('/*') ? readdirSync(w.slice(0, -2)).map((d) => `${w.slice(0, -2)}/${d}`).filter((d) => existsSync(`${d}/package.json`)) : [w],
);
for (const ws of workspaces) {
  const pkg = JSON.parse(readFileSync(`${ws}/package.json`, 'utf8'));
  for (const target of Object.values(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {}))) {
    if (existsSync(`${ws}/${target}`)) chmodSync(`${ws}/${target}`, 0o755);
  }
}
