// The audit's cost on an fs-heavy workload of the promise API (DESIGN §12: audit on ≤ 1.10× off):
// the unit of bench/audit/fs.bench.ts — write, read, append, rename, delete a small file — with
// fs.promises, each call a round trip through libuv's thread pool. The main thread waits between
// calls, so each call runs the audit's code (and V8's stack capture) from cold caches: a read of
// the stack costs several times what it costs in a tight loop.
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareIsolated } from '../helpers/isolated.js';
import { auditCases, printAuditGoal } from './cases.js';

function workload(): () => Promise<void> {
  const folder = fs.mkdtempSync(join(tmpdir(), 'hookline-audit-bench-'));
  process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
  const file = join(folder, 'data.txt');
  const moved = join(folder, 'moved.txt');
  const { promises } = fs;
  return async () => {
    await promises.writeFile(file, 'some data');
    await promises.readFile(file);
    await promises.appendFile(file, ' and more');
    await promises.rename(file, moved);
    await promises.unlink(moved);
  };
}

const averages = await compareIsolated(
  'The same workload with fs.promises, the audit off and on',
  auditCases(workload),
  {
    baseline: 'audit off',
    rounds: Number(process.env['BENCH_ROUNDS'] ?? 5),
  },
);

printAuditGoal(averages);
