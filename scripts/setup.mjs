// Installs dependencies when missing or stale and builds every package, so `npm start`,
// `npm test` and `npm run bench` work on a fresh clone with nothing but Node.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

const stamp = 'node_modules/.package-lock.json';
if (!existsSync(stamp) || mtime('package-lock.json') > mtime(stamp)) {
  run('npm install --no-audit --no-fund --loglevel=error');
}
run('npx tsc -b');
