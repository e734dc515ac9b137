import { resolve } from 'node:path';
import { readPolicyFile } from '../../audit/policy-file.js';
import type { LaunchPlan } from './launch-plan.js';

/**
 * One option of `hookline run`. A part of hookline adds its own run option by adding an entry
 * to {@link runFlags}: `apply` puts a preload module (`plan.imports`), a Node flag or an
 * environment variable into the plan, and the launcher does the rest.
 */
export interface RunFlag {
  /** `--hook-on-error`. */
  readonly name: `--${string}`;
  /** For help: `--logpoint <file:line:expr>`; the part after the name is the value's name. */
  readonly usage: string;
  readonly summary: string;
  /** Whether the flag takes a value (`--flag value` or `--flag=value`); may be repeated then. */
  readonly takesValue: boolean;
  /** Adds to the plan; throws a message string for a bad value. */
  apply(plan: LaunchPlan, value: string | undefined): void;
}

/** A preload module of hookline's own CLI, by URL (works from any working folder). */
export function preload(name: string): string {
  return new URL(`../preload/${name}.js`, import.meta.url).href;
}

/** Every option of `hookline run`, in help order. */
export const runFlags: readonly RunFlag[] = [
  {
    name: '--hook-on-error',
    usage: '--hook-on-error',
    summary:
      'on an uncaught exception, open the hook() REPL at the frame that threw, with its variables',
    takesValue: false,
    apply(plan) {
      plan.imports.push(preload('hook-on-error'));
    },
  },
  {
    name: '--audit',
    usage: '--audit <policy.json>',
    summary:
      'apply an audit policy (rules that log, warn on or deny operations) and write JSON lines',
    takesValue: true,
    apply(plan, value) {
      const file = resolve(value ?? '');
      try {
        // Read now, so that a bad file stops here rather than in the program.
        readPolicyFile(file);
      } catch (error) {
        throw error instanceof Error ? error.message : String(error);
      }
      plan.env['HOOKLINE_AUDIT_POLICY'] = file;
      plan.imports.push(preload('audit'));
    },
  },
];
