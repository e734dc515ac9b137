// Node's own cost of an in-thread load hook (module.registerHooks) that only calls through: the
// one hook hookline's onImport needs to change an ES module it finds by package name.
import { registerHooks } from 'node:module';

registerHooks({ load: (url, context, nextLoad) => nextLoad(url, context) });
