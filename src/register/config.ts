import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { existsSync, readTextIfPresent } from '../internal/fs.js';
import { didYouMean } from '../internal/nearest-name.js';
import { quotedList, unknownKey } from '../internal/options.js';
import { isSpecifierText } from '../modules/matcher.js';

/** A module to import first: as written, the folder it is named from, and where it was named. */
export interface PreloadEntry {
  readonly specifier: string;
  readonly base: string;
  readonly from: string;
}

/** What `hookline/register` sets up before the program loads. */
export interface PreloadConfig {
  /** Modules to import first, with where each came from. */
  readonly preload: readonly PreloadEntry[];
  /**
   * `specifier → replacement path` (absolute), from the `hookline.redirect` key; a specifier that
   * is a relative path is made absolute too.
   */
  readonly redirect: readonly {
    readonly specifier: string;
    readonly path: string;
    readonly from: string;
    /** The package.json that names it: packages its local copy lacks resolve from there. */
    readonly manifest: string;
  }[];
  /** The load-time transforms `HOOKLINE_TRANSFORM` names, in its order, each once. */
  readonly transforms: readonly TransformName[];
}

/** The transforms `HOOKLINE_TRANSFORM` may name. */
export const TRANSFORM_NAMES = ['assert'] as const;

/** A transform `HOOKLINE_TRANSFORM` may name: `assert`, the smart assert of hookline/transform. */
export type TransformName = (typeof TRANSFORM_NAMES)[number];

/** The keys the `hookline` object of package.json may have. */
const CONFIG_KEYS = ['preload', 'redirect'] as const;

interface HooklineKey {
  readonly preload?: unknown;
  readonly redirect?: unknown;
}

/**
 * Reads the preload configuration: the `hookline` key of the nearest package.json above the
 * program's entry script (paths relative to that package.json), then `HOOKLINE_PRELOAD`, a
 * comma-separated list of modules (paths relative to the working directory). Malformed
 * configuration, an unknown key of the `hookline` object included, throws an error that names
 * the file or variable and the way out. `HOOKLINE_TRANSFORM` names the load-time transforms to
 * turn on (`assert`).
 */
export function readPreloadConfig(
  cwd: string,
  env: NodeJS.ProcessEnv,
  entryDir: string = cwd,
): PreloadConfig {
  const preload: { specifier: string; base: string; from: string }[] = [];
  const redirect: { specifier: string; path: string; from: string; manifest: string }[] = [];
  const manifest = nearestManifest(entryDir);
  if (manifest?.key !== undefined) {
    const from = `the "hookline" key of ${manifest.path}`;
    const key = manifest.key as HooklineKey;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) {
      throw configError(
        from,
        'an object such as { "preload": ["./hooks.js"] }',
        JSON.stringify(key),
      );
    }
    refuseUnknownKeys(key, from);
    const base = dirname(manifest.path);
    const list = typeof key.preload === 'string' ? [key.preload] : (key.preload ?? []);
    if (!Array.isArray(list) || !list.every(isSpecifierText)) {
      throw configError(
        `${from} (preload)`,
        'a module path or an array of them',
        JSON.stringify(key.preload),
      );
    }
    for (const specifier of list as string[]) preload.push({ specifier, base, from });
    if (key.redirect !== undefined) {
      const map = key.redirect;
      if (typeof map !== 'object' || map === null || Array.isArray(map)) {
        throw configError(
          `${from} (redirect)`,
          'an object { "module": "./local/copy.js" }',
          JSON.stringify(map),
        );
      }
      for (const [specifier, path] of Object.entries(map)) {
        if (typeof path !== 'string' || path === '') {
          throw configError(
            `${from} (redirect.${specifier})`,
            'a path to the local copy',
            JSON.stringify(path),
          );
        }
        // A file named by a relative path is the file beside this package.json.
        const absolute = resolvePath(base, path);
        if (!existsSync(absolute)) {
          throw configError(
            `${from} (redirect.${specifier})`,
            `an existing file or package folder to load instead of "${specifier}" (relative paths are relative to the folder of that package.json, ${base})`,
            `${JSON.stringify(path)}, which is ${absolute}, which does not exist`,
            'Correct the path, or remove the entry.',
          );
        }
        redirect.push({
          specifier: preloadTarget(specifier, base),
          path: absolute,
          from,
          manifest: manifest.path,
        });
      }
    }
  }
  const variable = env['HOOKLINE_PRELOAD'];
  if (variable) {
    for (const specifier of variable.split(',').map((s) => s.trim())) {
      if (specifier) preload.push({ specifier, base: cwd, from: 'HOOKLINE_PRELOAD' });
    }
  }
  return { preload, redirect, transforms: readTransformNames(env['HOOKLINE_TRANSFORM']) };
}

/**
 * The names of `HOOKLINE_TRANSFORM`, a comma-separated list (`assert`). A name that is not known
 * stops the program, as other malformed configuration does: run without it, the program's
 * failures would read as they always did, and nobody would know why.
 */
export function readTransformNames(variable: string | undefined): TransformName[] {
  const names: TransformName[] = [];
  for (const name of (variable ?? '').split(',').map((s) => s.trim())) {
    if (name === '') continue;
    if (!(TRANSFORM_NAMES as readonly string[]).includes(name)) {
      throw configError(
        'HOOKLINE_TRANSFORM',
        `a comma-separated list of the transforms ${TRANSFORM_NAMES.map((known) => JSON.stringify(known)).join(', ')}`,
        `the unknown transform ${JSON.stringify(name)}`,
        didYouMean(name, TRANSFORM_NAMES, 'Remove it, or correct its name.'),
      );
    }
    if (!names.includes(name as TransformName)) names.push(name as TransformName);
  }
  return names;
}

/**
 * A misspelt key (`prelaod`) would otherwise be skipped, and the program run without the hooks it
 * was meant to have: it stops the program as other malformed configuration does.
 */
function refuseUnknownKeys(key: object, from: string): void {
  const unknown = unknownKey(key, CONFIG_KEYS, 'Remove it, or correct its name.');
  if (unknown === undefined) return;
  throw configError(
    from,
    `only the keys ${quotedList(CONFIG_KEYS)}`,
    `the unknown key ${JSON.stringify(unknown.key)}`,
    unknown.fix,
  );
}

/** A preload specifier relative to its base becomes an absolute path; names stay names. */
export function preloadTarget(specifier: string, base: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return resolvePath(base, specifier);
  return specifier;
}

function nearestManifest(cwd: string): { path: string; key: unknown } | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    // Where there is none: one folder up.
    const text = readTextIfPresent(path);
    if (text !== undefined) {
      let parsed: { hookline?: unknown };
      try {
        parsed = JSON.parse(text) as { hookline?: unknown };
      } catch (error) {
        throw new Error(
          `hookline/register: ${path} is not valid JSON, so its "hookline" key cannot be read`,
          { cause: error },
        );
      }
      return { path, key: parsed.hookline };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function configError(where: string, expected: string, received: string, fix = ''): Error {
  return new Error(
    `hookline/register: ${where}: Expected ${expected} but got ${received}.${fix ? ` ${fix}` : ''}`,
  );
}
