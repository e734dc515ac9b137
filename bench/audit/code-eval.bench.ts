// What listening to code.eval costs. eval is seen through an inspector session of the main
// thread's own with V8's Debugger enabled, which V8 tells of every script it compiles: code that
// compiles (a module's require, an eval) pays for it while code.eval is listened to; code that
// runs what is compiled already should not. Three units, each case in its own process.
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from 'hookline/audit';
import { compareIsolated } from '../helpers/isolated.js';

const rounds = Number(process.env['BENCH_ROUNDS'] ?? 5);

/**
 * `workload` with the audit off, and with a listener of code.eval that counts (with eval watched,
 * and without); named after the
 * unit, so that a case's process measures its own table's (each runs the whole file).
 */
function cases<T>(unit: string, workload: () => () => T): Record<string, () => () => T> {
  return {
    [`${unit}, audit off`]: workload,
    [`${unit}, audit.on(code.eval)`]: () => {
      let count = 0;
      audit.on('code.eval', () => count++);
      return workload();
    },
    [`${unit}, audit.on(code.eval, { eval: false })`]: () => {
      let count = 0;
      audit.on('code.eval', () => count++, { eval: false });
      return workload();
    },
  };
}

/**
 * A CommonJS module of 300 small functions (some 30 KB), written with a new first line and
 * required anew each time: a source V8 has not compiled before, as each of a program's modules is
 * at start-up (the same source again would come from V8's compilation cache).
 */
function requireModule(): () => unknown {
  const file = join(tmpdir(), `hookline-bench-code-eval-${process.pid}.cjs`);
  process.on('exit', () => rmSync(file, { force: true }));
  const body = Array.from(
    { length: 300 },
    (_, i) =>
      `exports.f${i} = function f${i}(a, b) { const c = a * ${i} + b; return c > ${i} ? c - b : c + a; };`,
  ).join('\n');
  const require = createRequire(import.meta.url);
  let version = 0;
  return () => {
    writeFileSync(file, `// ${version++}\n${body}`);
    delete require.cache[file];
    return require(file);
  };
}

function evalLoop(): () => unknown {
  // biome-ignore lint/correctness/noUnusedVariables: read by the evaluated code
  const x = 2;
  // biome-ignore lint/security/noGlobalEval: the workload
  return () => eval('x * 21');
}

function cpuBound(): () => unknown {
  const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
  return () => fib(20);
}

const units: [string, string, () => () => unknown][] = [
  ['require', 'Requiring a 30 KB CommonJS module of a new source', requireModule],
  ['eval', 'eval of a short expression', evalLoop],
  ['fib(20)', 'A CPU-bound function (fib(20)), nothing compiled', cpuBound],
];
// A case's own process (see compareIsolated) measures only the table its case is in.
const chosen = process.argv.find((a) => a.startsWith('--bench-case='))?.split('=')[1];
for (const [unit, title, workload] of units) {
  if (chosen !== undefined && !chosen.startsWith(`${unit},`)) continue;
  await compareIsolated(title, cases(unit, workload), { baseline: `${unit}, audit off`, rounds });
}
