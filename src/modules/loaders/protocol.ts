/**
 * Messages between the main thread and Node's loader thread (Node 20, where ES modules can only
 * be hooked off-thread). The main thread owns every hook; the loader thread gets a copy of
 * what it can use without asking (names, RegExps, mocks, redirects, schemes) and asks for the
 * rest (predicates, mock names, scheme sources, transforms) while a load is under way.
 */

import type { ImportDenial } from '../import-denial.js';
import type { Replacement } from '../replacement-imports.js';

export interface ThreadConfig {
  /** Module ids hooks select by name (`node:fs`, `express`). */
  readonly names: readonly string[];
  readonly regexps: readonly (readonly [source: string, flags: string])[];
  /** Some hook selects by a predicate: ask the main thread for every ES module. */
  readonly predicates: boolean;
  readonly mocks: readonly (readonly [key: string, id: number])[];
  readonly redirects: readonly ThreadRedirect[];
  readonly schemes: readonly string[];
  /** Transform filters the thread can test: path prefixes (as `file:` URLs) and RegExps. */
  readonly transforms: readonly TransformTest[];
  readonly audit: boolean;
  /** hookline/audit's deny rules for imports: an import one denies fails on the thread. */
  readonly denials: readonly ImportDenial[];
}

/** A redirect, keyed as the thread looks it up, with the `import` URL of its local copy. */
export interface ThreadRedirect extends Replacement {
  readonly key: string;
  /** None where the local copy's `exports` do not export "." for `import`. */
  readonly url: string | undefined;
}

export type TransformTest =
  | { readonly kind: 'prefix'; readonly prefixes: readonly string[] }
  | { readonly kind: 'regexp'; readonly source: string; readonly flags: string }
  | { readonly kind: 'ask' };

export type ToThread =
  | { readonly type: 'config'; readonly config: ThreadConfig }
  | {
      readonly type: 'reply';
      readonly id: number;
      readonly value?: unknown;
      readonly error?: string;
      readonly code?: unknown;
      /** The error's stack on the main thread. */
      readonly stack?: string | undefined;
      /** The error's name and own fields that can cross threads (`details`, a loader's own). */
      readonly fields?: Readonly<Record<string, unknown>> | undefined;
    };

export type Request =
  | { readonly type: 'mock-names'; readonly mock: number }
  /** An import takes `names` from a mock: the message of its SyntaxError if it lacks some. */
  | {
      readonly type: 'mock-lacks';
      readonly mock: number;
      readonly specifier: string;
      readonly names: readonly string[];
      /** Where the importer takes them: file, line and column. */
      readonly importer: string;
    }
  | {
      readonly type: 'scheme';
      readonly url: string;
      /** The program file the module's imports resolve from (its require's must too). */
      readonly base: string;
    }
  | {
      readonly type: 'transform';
      readonly url: string;
      readonly source: string;
      /** Whether Node was given it as TypeScript (`module-typescript`), to strip after. */
      readonly typeScript: boolean;
    }
  /** A JSON file an import loads, which a hook selects: its handlers' result, as JSON text. */
  | { readonly type: 'json'; readonly url: string; readonly source: string }
  | { readonly type: 'match'; readonly specifiers: readonly string[] }
  /** A builtin is about to load, imported by these specifiers: pattern hooks get it first. */
  | { readonly type: 'builtin'; readonly specifiers: readonly string[] };

export type ToMain =
  | { readonly type: 'batch'; readonly messages: readonly ToMain[] }
  | { readonly type: 'request'; readonly id: number; readonly request: Request }
  | { readonly type: 'warning'; readonly message: string; readonly cause: string }
  /**
   * The ES module at `url` imports something a registration selects, and this thread resolved
   * it: the module loaded through Node's ES module loader, so a `require()` of it later gets it
   * with its imports hooked. Posted once per module.
   */
  | { readonly type: 'imports-seen'; readonly url: string }
  | {
      readonly type: 'resolved';
      readonly specifier: string;
      readonly parentURL: string | undefined;
      readonly url: string;
      readonly format: string | null | undefined;
    }
  | {
      readonly type: 'audit';
      readonly specifier: string;
      readonly url: string;
      readonly parentURL: string | undefined;
      readonly dynamic: boolean;
      /** The thread denied the import by a rule of {@link ThreadConfig.denials}: it failed. */
      readonly denied: boolean;
      /** When, as a reading of the monotonic clock, which the main thread tells as epoch time. */
      readonly monotonic: number;
    };
