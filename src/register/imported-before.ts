import { fileURLToPath } from 'node:url';

/**
 * Whether Node imported another module before hookline/register (`--import ./apm.mjs --import
 * hookline/register`, or an `--import` in `NODE_OPTIONS`, which runs before the command line's):
 * the ES modules that one loaded passed no hook of hookline's, so hooks its preloads add must look
 * for them as a hook added later does, to name them in a warning rather than skip them unsaid.
 * Told from the flags alone (a few strings): a value that names hookline/register by another
 * path than `hookline/register` or the register file's own path is taken for another module,
 * which costs only that look.
 *
 * @example
 * ```ts
 * importedBeforeRegister(import.meta.url); // true under node --import ./x.mjs --import hookline/register
 * ```
 */
export function importedBeforeRegister(registerUrl: string): boolean {
  const [first] = importFlags();
  if (first === undefined) return false;
  if (first === 'hookline/register') return false;
  const registerPath = fileURLToPath(registerUrl);
  const path = first.startsWith('file:') ? fileURLToPath(first) : first;
  return !registerPath.endsWith(path.replace(/^\.\//, ''));
}

/** The values of every `--import`, in the order Node runs them: NODE_OPTIONS first. */
function importFlags(): string[] {
  const fromEnvironment = (process.env['NODE_OPTIONS'] ?? '').split(/\s+/).filter(Boolean);
  const args = [...fromEnvironment, ...process.execArgv];
  const values: string[] = [];
  for (let at = 0; at < args.length; at++) {
    const arg = args[at] ?? '';
    if (arg.startsWith('--import=')) values.push(stripQuotes(arg.slice('--import='.length)));
    else if (arg === '--import' && at + 1 < args.length) values.push(stripQuotes(args[++at] ?? ''));
  }
  return values;
}

function stripQuotes(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}
