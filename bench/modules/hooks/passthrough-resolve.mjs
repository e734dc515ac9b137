// Node's own cost of an in-thread resolve hook (module.registerHooks) that only calls through: the
// one hook hookline's auditImports needs to see every import, require and import().
import { registerHooks } from 'node:module';

registerHooks({ resolve: (specifier, context, nextResolve) => nextResolve(specifier, context) });
