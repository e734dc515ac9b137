// import-in-the-middle on Node's loader thread (module.register), hooking every module.
import { register } from 'node:module';
import { Hook } from 'import-in-the-middle';

register('import-in-the-middle/hook.mjs', import.meta.url);
new Hook((exports) => exports);
