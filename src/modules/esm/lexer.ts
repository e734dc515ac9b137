import type * as Lexer from 'es-module-lexer';
import { lazyRequire } from '../../internal/lazy-require.js';

type LexerModule = typeof Lexer;

/**
 * es-module-lexer, loaded on first use (with the first module to instrument, or whose text
 * suggests it may be an ES module). Required, not imported: on Node 20's loader thread its own
 * import() passes through its own hooks, which would report hookline's parser as the program's
 * import; Node 20's `module.register` hooks do not see `require`. Its default build runs as
 * WebAssembly, which V8 lacks under `--jitless`: there its asm.js build, the same lexer as
 * JavaScript, which is slower but hooks ES modules all the same.
 */
export const lexer: () => LexerModule =
  typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object'
    ? lazyRequire<LexerModule>('es-module-lexer')
    : javaScriptLexer(lazyRequire<LexerModule>('es-module-lexer/js'));

/**
 * The asm.js build, an ES module, which `require` loads on Node 20.19+ and 22.12+. With
 * `--no-experimental-require-module` it cannot: each module the lexer was needed for then loads
 * unhooked, with a warning naming the two flags rather than Node's advice to change hookline's
 * `require` into an `import()`.
 */
function javaScriptLexer(load: () => LexerModule): () => LexerModule {
  return () => {
    try {
      return load();
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'ERR_REQUIRE_ESM') throw error;
      throw new Error(
        "hookline's module lexer runs as WebAssembly, which --jitless turns off, or as an ES module that require() loads, which --no-experimental-require-module turns off: drop one of the two flags",
        { cause: error },
      );
    }
  };
}
