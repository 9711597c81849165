// Installs the project's npm dependencies when they are missing or stale, so `npm test` and
// `npm start` work on a fresh clone. Plain Node (no dependencies): it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const MARKER = 'node_modules/.tandem-lock-hash';
const hash = createHash('sha256').update(readFileSync('package-lock.json')).update(readFileSync('package.json')).digest('hex');
const current = existsSync(MARKER) ? readFileSync(MARKER, 'utf8').trim() : '';

if (current !== hash) {
  console.log('[bootstrap] installing npm dependencies (npm ci)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[bootstrap] npm ci failed; see the output above.');
    process.exit(r.status ?? 1);
  }
  writeFileSync(MARKER, `${hash}\n`);
}
