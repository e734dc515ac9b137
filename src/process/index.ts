export type { Unhook } from '../internal/unhook.js';
export { onExit } from './on-exit.js';
