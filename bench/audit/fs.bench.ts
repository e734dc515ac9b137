// The cost of the audit on an fs-heavy workload (DESIGN §12: audit on ≤ 1.10× off): one unit of
// work writes a small file, reads it back, appends to it, renames it and deletes it — five
// audited calls, six events. Compared: no audit, a listener of the fs events, and a policy of
// the systemWrites rule set (a RegExp tested on each path). Each case in its own process.
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, systemWrites } from 'hookline/audit';
import { compareIsolated } from '../helpers/isolated.js';
import { printAuditGoal } from './goal.js';

const fsEvents = ['fs.open', 'fs.write', 'fs.unlink', 'fs.rm', 'fs.rename'] as const;

function workload(): () => void {
  const folder = fs.mkdtempSync(join(tmpdir(), 'hookline-audit-bench-'));
  process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
  const file = join(folder, 'data.txt');
  const moved = join(folder, 'moved.txt');
  return () => {
    fs.writeFileSync(file, 'some data');
    fs.readFileSync(file);
    fs.appendFileSync(file, ' and more');
    fs.renameSync(file, moved);
    fs.unlinkSync(moved);
  };
}

const averages = await compareIsolated(
  'An fs-heavy workload (write, read, append, rename, delete a small file, the Sync forms) with the audit off and on',
  {
    'audit off': workload,
    'audit.on(fs events), a listener that counts': () => {
      let count = 0;
      for (const name of fsEvents) audit.on(name, () => count++);
      return workload();
    },
    'audit.on(fs events, { site: false })': () => {
      let count = 0;
      for (const name of fsEvents) audit.on(name, () => count++, { site: false });
      return workload();
    },
    'audit.policy(systemWrites)': () => {
      audit.policy({ rules: systemWrites });
      return workload();
    },
    'audit.policy(systemWrites, site: false)': () => {
      audit.policy({ rules: systemWrites, site: false });
      return workload();
    },
  },
  { baseline: 'audit off', rounds: Number(process.env['BENCH_ROUNDS'] ?? 5) },
);

printAuditGoal(averages, 'audit off');
