/**
 * The SyntaxError an import of names a mock lacks fails with before it links, placed where Node
 * places its own: at the import. Its stack is the importer's site alone. Made in hookline's
 * resolve hook, it would otherwise show hookline's line as the entry point's error banner (Node
 * 24 takes the banner from the first frame), as though hookline had failed, and frames of
 * hookline's and Node's loaders that say nothing of the program.
 */
export function importLinkError(message: string, importerSite: string): SyntaxError {
  const error = withoutFrames(() => new SyntaxError(message));
  error.stack = `SyntaxError: ${message}\n    at ${importerSite}`;
  return error;
}

/** What `make` makes, with no stack frames captured (where Error.stackTraceLimit can be set). */
function withoutFrames<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
  } catch {
    // A program that froze Error: frames are captured, the stack is replaced all the same.
    return make();
  }
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
