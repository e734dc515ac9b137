/**
 * Clean up as the program ends (the talk's 2.2.1, `atexit.register`). The talk's notes hold:
 * handlers run last registered first; one that raises is reported and the others still run; a
 * handler gets the arguments it was registered with. Its fourth note, the thread: Python runs
 * them on a thread of its own ("Dummy-1"); Node runs them on the main thread, which is the only
 * one a Node program's code runs on unless it starts workers. Beyond `atexit`, the handlers also
 * run on `process.exit()`, uncaught errors and SIGINT, SIGTERM and SIGHUP, and an async one is
 * waited for where Node lets the end wait (the event loop emptying, a signal).
 */
import { isMainThread } from 'node:worker_threads';
import { onExit } from 'hookline/process';

const thread = isMainThread ? 'main thread' : 'a worker';

function exit0(...args: unknown[]): void {
  console.log('** exit0', thread, JSON.stringify(args));
}
function exit1(): void {
  console.log('** exit1', thread);
  throw new Error('exit1');
}
function exit2(): void {
  console.log('** exit2', thread);
}

onExit(exit0, 1, 2, { a: 1 });
onExit(exit1);
onExit(exit2);
// Python's `@atexit.register` decorator: a function registered where it is defined.
onExit(async function exit3() {
  await new Promise((resolve) => setTimeout(resolve, 10));
  console.log('** exit3', thread, '(async: waited for)');
});

console.log('** main', thread);
