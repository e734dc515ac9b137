// The cost of the audit on an fs-heavy workload (DESIGN §12: audit on ≤ 1.10× off): one unit of
// work writes a small file, reads it back, appends to it, renames it and deletes it — five
// audited calls of the Sync forms, seven events. Compared: no audit, a listener of the fs events
// and a policy of the systemWrites rule set, each with sites and without (./cases.ts). Each case
// in its own process.
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareIsolated } from '../helpers/isolated.js';
import { auditCases, printAuditGoal } from './cases.js';

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
  auditCases(workload),
  {
    baseline: 'audit off',
    rounds: Number(process.env['BENCH_ROUNDS'] ?? 5),
  },
);

printAuditGoal(averages);
