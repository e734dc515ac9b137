// Node's own cost of in-thread module hooks (module.registerHooks) that do nothing: a resolve
// and a load hook that only call through. What seeing every import costs on Node 22.15+/24.
import { registerHooks } from 'node:module';

registerHooks({
  resolve: (specifier, context, nextResolve) => nextResolve(specifier, context),
  load: (url, context, nextLoad) => nextLoad(url, context),
});
