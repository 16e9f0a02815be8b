/** Builds `dist/` once, so end-to-end tests run the real built process as `npm start` does. */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  // A developer iterating on unit tests while another part does not compile yet; e2e tests then run the last build.
  if (process.env.LOA_SKIP_BUILD === '1' && !process.env.CI) {
    console.log('LOA_SKIP_BUILD=1: dist/ not rebuilt (end-to-end tests run the last build)');
    return;
  }
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
