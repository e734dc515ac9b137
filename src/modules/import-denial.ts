/**
 * A deny rule of hookline/audit's policies for `module.import`, in the form Node 20's loader
 * thread can hold: it decides there, before Node loads anything, whether an ES module's import is
 * denied. A rule whose `match` is a function cannot cross threads: it is tested on the main
 * thread, where the thread's imports arrive after they happened.
 */
export interface ImportDenial {
  readonly test:
    | { readonly kind: 'all' }
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'regexp'; readonly source: string; readonly flags: string }
    | { readonly kind: 'function' };
  /** The rule as the denial's error carries it (a function `match` left out). */
  readonly rule: {
    readonly event: string;
    readonly match?: string | RegExp;
    readonly action: 'deny';
  };
  /** How the audit's messages name the rule. */
  readonly text: string;
}

/**
 * What tells whether `denial` denies a specifier where it can be told without the main thread (a
 * function `match` cannot: never, there).
 */
export function denialTest(denial: ImportDenial): (specifier: string) => boolean {
  const { test } = denial;
  switch (test.kind) {
    case 'all':
      return () => true;
    case 'string':
      return (specifier) => specifier === test.value;
    case 'regexp': {
      const pattern = new RegExp(test.source, test.flags);
      return (specifier) => {
        pattern.lastIndex = 0;
        return pattern.test(specifier);
      };
    }
    case 'function':
      return () => false;
  }
}
