// Start-up time of `npm start`, from spawn to /readyz answering: on an empty data folder (create the
// embedded database, migrate, load the demo province) and on an existing one (open, nothing to migrate).
// Prints medians over RUNS runs. Usage: node --import tsx bench/startup.ts [runs]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const RUNS = Number(process.argv[2] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeStart(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        // Ready, and the demo data is in: the login page answers and an account exists.
        if (res.ok) return performance.now() - started;
      } catch {
        /* not listening yet */
      }
      if (performance.now() - started > 120_000) throw new Error('did not start within 2 minutes');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const empty: number[] = [];
const existing: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-bench-'));
  empty.push(await timeStart(dir, 3900 + i));
  existing.push(await timeStart(dir, 3950 + i));
  rmSync(dir, { recursive: true, force: true });
}
console.log(`npm start on an empty data folder (create, migrate, demo data): median ${(median(empty) / 1000).toFixed(2)} s over ${RUNS} runs`);
console.log(`npm start on the demo database (open, nothing to migrate):       median ${(median(existing) / 1000).toFixed(2)} s over ${RUNS} runs`);
console.log(`ratio empty / existing: ${(median(empty) / median(existing)).toFixed(2)}`);
