export type { Unhook } from '../internal/unhook.js';
export { smartAssert } from './smart-assert.js';
export { programFiles, useSmartAssert } from './use-smart-assert.js';
