// Node's own cost of an off-thread loader (module.register) that does nothing: resolve and load
// hooks that only call through. The floor for anything that hooks ES modules on Node 20.
import { register } from 'node:module';

register(new URL('./passthrough-loader.mjs', import.meta.url));
