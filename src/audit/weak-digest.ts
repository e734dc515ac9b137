import { builtinModule } from '../internal/captured.js';

/**
 * The digests `weakCrypto` denies, by Node's names for them, with their lengths: MD5, SHA-1, and
 * the two joined (TLS 1.0's `md5-sha1`).
 */
const weakDigests: readonly (readonly [string, number])[] = [
  ['md5', 16],
  ['sha1', 20],
  ['md5-sha1', 36],
];

/**
 * `createHash` as hookline found it (node:crypto loads with Node itself): the probe must neither
 * go through the audit's own wrapper nor reach a program's mock or spy of it, which would answer
 * for OpenSSL, or record hookline's calls as the program's.
 */
const { createHash } = builtinModule('node:crypto');

/** What each weak digest makes of {@link probe}, made once, as first needed. */
let references: readonly (readonly [number, string])[] | undefined;

const probe = 'hookline weakCrypto probe';

/**
 * What is known of names asked before, in lower case: OpenSSL has many names for one digest
 * (`SHA-1`, `sha1WithRSAEncryption`, `ssl3-sha1`, `RSA-SHA1-2`, the OID `1.3.14.3.2.26`, …) and
 * takes them in any case.
 */
const answers = new Map<string, boolean>([
  ['md5', true],
  ['sha1', true],
  ['sha256', false],
  ['sha384', false],
  ['sha512', false],
]);

/**
 * Whether the digest `algorithm` names is MD5 or SHA-1 (or both joined), under whatever name:
 * the name is given to OpenSSL as the program's call gives it, and what it makes of a probe is
 * compared with what MD5's and SHA-1's make — no list of aliases to fall behind OpenSSL's. Asked
 * once a name: a few microseconds the first time, a look-up after. A name OpenSSL does not know
 * is no weak digest (the call it names fails anyway).
 */
export function isWeakDigest(args: { readonly algorithm: string }): boolean {
  const name = args.algorithm.toLowerCase();
  let answer = answers.get(name);
  if (answer === undefined) {
    answer = digestsWeakly(name);
    // A bound on what a program that names digests from its input keeps.
    if (answers.size >= 1024) answers.clear();
    answers.set(name, answer);
  }
  return answer;
}

function digestsWeakly(name: string): boolean {
  references ??= weakDigests.flatMap(([weak, length]) => {
    const made = digest(weak, length);
    // Left out where this Node has it not (a FIPS build has no MD5).
    return made === undefined ? [] : [[length, made] as const];
  });
  // The length asked of each: the weak digest's own, which any other fixed-length digest refuses
  // and an extendable one (SHAKE) makes without a deprecation warning for having none.
  return references.some(([length, made]) => digest(name, length) === made);
}

/** What digest `name` makes of the probe, `length` bytes long; `undefined` where it cannot. */
function digest(name: string, length: number): string | undefined {
  try {
    return createHash(name, { outputLength: length }).update(probe).digest('hex');
  } catch {
    return undefined;
  }
}
