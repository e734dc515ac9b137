/**
 * Import attributes on a mock's import. Node checks them (`with { type: 'json' }`) in its own load
 * step, which a mock's load replaces: without this, a mock of a JSON module would be imported
 * without `type: 'json'`, or a mock of a JavaScript module as JSON, by code that fails as soon as
 * the mock is gone. So the import's attributes are put to Node's own check, on a stand-in of the
 * format the mocked module has, and Node's error is thrown, naming the mocked module.
 */

/** A module of each format for Node to check attributes against: the smallest there is. */
const STAND_INS = {
  json: 'data:application/json,null',
  module: 'data:text/javascript,',
} as const;

export interface MockAttributeCheck {
  /** What Node's load step is asked to load with the import's attributes. */
  readonly url: string;
  readonly format: 'json' | 'module';
}

/**
 * The stand-in a mock's import is checked with, or `undefined` when there is nothing to check: a
 * mock named by a `.json` file stands for a JSON module (which needs `type: 'json'`); any other
 * only when the import has attributes (which a JavaScript module refuses).
 */
export function mockAttributeCheck(
  key: string | undefined,
  attributes: Readonly<Record<string, string>> | undefined,
): MockAttributeCheck | undefined {
  const json = key !== undefined && /\.json$/i.test(key);
  if (!json && (attributes === undefined || Object.keys(attributes).length === 0)) {
    return undefined;
  }
  const format = json ? 'json' : 'module';
  return { url: STAND_INS[format], format };
}

/** Node's error for the stand-in, made to name the mocked module as it would name the real one. */
export function namingMocked(error: unknown, check: MockAttributeCheck, key: string): unknown {
  if (!(error instanceof Error)) return error;
  const named = (text: string) => text.replaceAll(check.url, key);
  try {
    error.message = named(error.message);
    if (typeof error.stack === 'string') error.stack = named(error.stack);
  } catch {
    // A frozen error keeps the stand-in's name: still Node's error, with its code.
  }
  return error;
}
