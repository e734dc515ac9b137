/**
 * Import a module that does not exist by providing a temporary one (the talk's 2.1.5). Python
 * puts a finder/loader on `sys.meta_path`; `mockModule` answers for the name, for `import` and
 * `require` alike. The talk's `Watcher` finder, which only prints what is imported, is
 * `auditImports`.
 */
import { auditImports, mockModule } from 'hookline/modules';

class PyCon {
  toString(): string {
    return 'hello PyCon China 2016!';
  }
}

// A name TypeScript does not know either: imported through a variable.
const name = 'pycon2016';
try {
  await import(name);
} catch (error) {
  console.log(`without a hook: ${(error as NodeJS.ErrnoException).code}`);
}

using _watcher = auditImports((event) => console.log(`Importing: ${event.specifier}`));
using _loader = mockModule('pycon2016', () => new PyCon());
const { default: pycon2016 } = await import(name);
console.log(String(pycon2016));
