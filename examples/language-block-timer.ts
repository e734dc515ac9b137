/**
 * Control a block's enter and exit (the talk's 3.1, a context manager): TypeScript's `using`
 * declaration calls `[Symbol.dispose]()` when the block ends, however it ends — the end of the
 * block, `return`, `break`, or an exception. The talk's timer prints its figure even when the
 * block raises. One difference: Python's `__exit__` may return True to swallow the exception; a
 * disposer cannot (the exception goes on, as `finally` would let it), so the block that should
 * survive one says so with `try`/`catch`, where a reader sees it.
 */

class BlockTimer implements Disposable {
  readonly #start = performance.now();

  constructor(readonly tag = 'default') {}

  [Symbol.dispose](): void {
    const seconds = (performance.now() - this.#start) / 1000;
    console.log(`*** performance for "${this.tag}" ***`);
    console.log(`     ${seconds.toFixed(6)} seconds`);
  }
}

const max = 1_000_000;

function test1(x: number): number {
  if (max - x - 1 === 0) throw new RangeError('division by zero');
  return 1 / (max - x - 1);
}

{
  using _ = new BlockTimer('function call');
  let sum = 0;
  for (let x = 0; x < max - 1; x++) sum += test1(x);
  console.log(`sum is finite: ${Number.isFinite(sum)}`);
}

console.log('-'.repeat(30));

try {
  using _ = new BlockTimer('function call that throws');
  for (let x = 0; x < max; x++) test1(x);
} catch (error) {
  // The timer printed before this line runs: disposal happens as the block is left.
  console.log(`caught after the block: ${(error as Error).message}`);
}
