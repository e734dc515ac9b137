import { resolve } from 'node:path';
import { readManifest } from '../modules/package-exports.js';
import { pnpActive, pnpApiFor } from '../modules/pnp-package.js';

/**
 * Whether `file` is a command of a package Yarn installed (a `bin` of its package.json, not one
 * of the project's workspaces): what `yarn <command>` and `$(yarn bin <command>)` run, by its path
 * in the package's zip archive, where npm runs it through a link in node_modules/.bin.
 *
 * @example
 * ```ts
 * isPnpInstalledCommand('/app/.yarn/cache/mocha-npm-11.0.0-….zip/node_modules/mocha/bin/mocha.js'); // true
 * ```
 */
export function isPnpInstalledCommand(file: string): boolean {
  if (!pnpActive()) return false;
  try {
    const api = pnpApiFor(file);
    const locator = api?.findPackageLocator(file);
    if (!api || !locator || locator.reference.startsWith('workspace:')) return false;
    const folder = api.getPackageInformation(locator)?.packageLocation;
    const manifest = folder === undefined ? undefined : readManifest(folder);
    if (folder === undefined || manifest === undefined) return false;
    const { bin } = manifest as { bin?: unknown };
    const commands = typeof bin === 'string' ? [bin] : Object.values(bin ?? {});
    return commands.some(
      (command) => typeof command === 'string' && resolve(folder, command) === file,
    );
  } catch {
    // A runtime that does not know the file: not a command.
    return false;
  }
}
