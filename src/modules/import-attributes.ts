/**
 * Import attributes on an import whose module hookline gives itself (a mock's, a scheme's). Node
 * checks them (`with { type: 'json' }`) in its own load step, which such a load replaces: without
 * this, a JSON module would be imported without `type: 'json'`, or a JavaScript module as JSON,
 * by code that fails as soon as the real module is there. So the import's attributes are put to
 * Node's own check, on a stand-in of the module's format, and Node's error is thrown, naming the
 * module.
 */

/** A module of each format for Node to check attributes against: the smallest there is. */
const STAND_INS = {
  json: 'data:application/json,null',
  module: 'data:text/javascript,',
} as const;

export interface AttributeCheck {
  /** What Node's load step is asked to load with the import's attributes. */
  readonly url: string;
  readonly format: 'json' | 'module';
}

/**
 * The stand-in an import is checked with, or `undefined` when there is nothing to check: a JSON
 * module needs `type: 'json'`; any other module is checked only when the import has attributes
 * (which a JavaScript module refuses).
 */
export function attributeCheck(
  json: boolean,
  attributes: Readonly<Record<string, string>> | undefined,
): AttributeCheck | undefined {
  if (!json && (attributes === undefined || Object.keys(attributes).length === 0)) {
    return undefined;
  }
  const format = json ? 'json' : 'module';
  return { url: STAND_INS[format], format };
}

/**
 * Whether a mock stands for a JSON module: it is named by a `.json` file or specifier. Its import
 * then needs `type: 'json'`, and it has a default export only, as a JSON module has.
 */
export function mocksJson(key: string | undefined): boolean {
  return key !== undefined && /\.json$/i.test(key);
}

/** The check of a mock's import: as for the JSON module it stands for, or a JavaScript one. */
export function mockAttributeCheck(
  key: string | undefined,
  attributes: Readonly<Record<string, string>> | undefined,
): AttributeCheck | undefined {
  return attributeCheck(mocksJson(key), attributes);
}

/** Node's error for the stand-in, made to name the module as it would name a file. */
export function naming(error: unknown, check: AttributeCheck, name: string): unknown {
  if (!(error instanceof Error)) return error;
  const named = (text: string) => text.replaceAll(check.url, name);
  try {
    error.message = named(error.message);
    if (typeof error.stack === 'string') error.stack = named(error.stack);
  } catch {
    // A frozen error keeps the stand-in's name: still Node's error, with its code.
  }
  return error;
}
