import type { ErrorParts } from './errors.js';

/**
 * The parts of an audit policy's denial message, one wording wherever the denial is made (the
 * main thread, or Node 20's loader thread for an ES module's import).
 */
export function denialParts(where: string, ruleText: string): ErrorParts {
  return {
    where,
    expected: 'an operation the audit policy allows',
    received: `one denied by ${ruleText}`,
    fix: 'Leave the operation out, or narrow or remove the rule (undo the policy with the function audit.policy returned).',
  };
}
