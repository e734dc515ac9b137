/**
 * `node --import hookline/register app.js`: installs hookline's module hooks before the program's
 * first import, then loads the preloads the configuration names (`HOOKLINE_PRELOAD`, or the
 * `hookline` key of package.json) and applies its redirects. See docs/modules.md. It has no
 * exports, and cannot be required (it awaits the preloads): start Node with it, or import it.
 *
 * @example
 * ```ts
 * // A worker given its code (`eval: true`) runs no --import: it loads the preloads itself first.
 * await import('hookline/register');
 * ```
 */
import { startRegister } from './start.js';

// The preloads are imported from here, as `--import` would import them.
await startRegister((url) => import(url), import.meta.url);
