import { builtinModule } from '../../internal/captured.js';
import { debug } from '../../internal/debuglog.js';
import { M, type ModuleStatics } from './cjs-module.js';

/**
 * node:test's `mock.module()` (Node 22.3+) sets `Module._load`, on its first call, to its own
 * function, which calls the `_load` node:test found as it loaded. Where node:test loaded before
 * hookline's wrapper was installed — a test file that imports both: builtins load before the file
 * runs — that is Node's own, so every `require` would pass hookline by from then on: no audit,
 * mocks or redirects, in silence. So until then `_load` is an accessor whose setter takes
 * node:test's function (known by its name) under hookline's wrapper (`putUnder`); any other
 * assignment, or node:test's, makes it a plain property again (a patcher that wraps what it reads
 * gets the usual stacking). Wrapping `mock.module` instead would not do: node:test finds the
 * test file to resolve from by counting stack frames. node:test loaded after hookline calls
 * hookline's wrapper already, and is left alone.
 */
export function keepAboveTestMocks(
  wrapper: ModuleStatics['_load'],
  putUnder: (load: ModuleStatics['_load']) => void,
): void {
  const loaded = (process as { moduleLoadList?: readonly string[] }).moduleLoadList;
  if (!loaded?.includes('NativeModule internal/test_runner/mock/mock')) return;
  // Loaded already, so this loads nothing. Node 20's node:test has no mock.module.
  const { mock } = builtinModule('node:test') as { mock?: { module?: unknown } };
  if (typeof mock?.module !== 'function') return;
  const enumerable = Object.getOwnPropertyDescriptor(M, '_load')?.enumerable ?? true;
  const plain = (value: unknown) =>
    Object.defineProperty(M, '_load', { value, writable: true, enumerable, configurable: true });
  Object.defineProperty(M, '_load', {
    configurable: true,
    enumerable,
    get: () => wrapper,
    set(value: unknown) {
      if (typeof value !== 'function' || value.name !== 'bound cjsMockModuleLoad') {
        plain(value);
        return;
      }
      putUnder(value as ModuleStatics['_load']);
      plain(wrapper);
      debug("node:test's mock.module loads under hookline's CommonJS load hook");
    },
  });
}
