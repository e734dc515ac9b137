import type * as Lexer from 'es-module-lexer';
import { lazyRequire } from '../../internal/lazy-require.js';

/**
 * es-module-lexer, loaded on first use (with the first module to instrument, or whose text
 * suggests it may be an ES module). Required, not imported: on Node 20's loader thread its own
 * import() passes through its own hooks, which would report hookline's parser as the program's
 * import; Node 20's `module.register` hooks do not see `require`. Its default build runs as WebAssembly, which V8 lacks
 * under `--jitless`: there its asm.js build, the same lexer as JavaScript, which is slower but
 * hooks ES modules all the same. That build is an ES module, which `require` loads on Node
 * 20.19+ and 22.12+; with `--no-experimental-require-module` it cannot, and each module the lexer
 * was needed for loads unhooked, with a warning saying why.
 */
export const lexer = lazyRequire<typeof Lexer>(
  typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object'
    ? 'es-module-lexer'
    : 'es-module-lexer/js',
);
