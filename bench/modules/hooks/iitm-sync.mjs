// import-in-the-middle in-thread (module.registerHooks), hooking every module.
import { Hook } from 'import-in-the-middle';
import { register } from 'import-in-the-middle/register-hooks.mjs';

register();
new Hook((exports) => exports);
