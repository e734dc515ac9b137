import { resolve } from 'node:path';
import { readPolicyFile } from '../../audit/policy-file.js';
import { parseLogpointSpec, parseTraceSpec } from '../trace/trace-specs.js';
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
  {
    name: '--trace',
    usage: '--trace <module>:<glob>',
    summary:
      "trace calls of a module's methods (node:fs:read*, express:Router.*, ./lib/cart.js:*) as JSON lines",
    takesValue: true,
    apply(plan, value) {
      addToList(plan, 'HOOKLINE_TRACE', parseTraceSpec(value ?? ''));
    },
  },
  {
    name: '--logpoint',
    usage: '--logpoint <file>:<line>:<expr>',
    summary: "log an expression's value each time a line runs, as JSON lines",
    takesValue: true,
    apply(plan, value) {
      addToList(plan, 'HOOKLINE_LOGPOINTS', parseLogpointSpec(value ?? ''));
    },
  },
  {
    name: '--trace-out',
    usage: '--trace-out <file>',
    summary: "append --trace's and --logpoint's JSON lines to a file instead of stderr",
    takesValue: true,
    apply(plan, value) {
      if (!value) throw '--trace-out "": expected a file to append the JSON lines to';
      plan.env['HOOKLINE_TRACE_OUT'] = resolve(value);
    },
  },
];

/** Repeated flags gather into one JSON list for the one trace preload, loaded once. */
function addToList(plan: LaunchPlan, variable: string, item: unknown): void {
  const list = JSON.parse(plan.env[variable] ?? '[]') as unknown[];
  plan.env[variable] = JSON.stringify([...list, item]);
  const url = preload('trace');
  if (!plan.imports.includes(url)) plan.imports.push(url);
}
