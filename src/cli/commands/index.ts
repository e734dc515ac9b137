import type { Command } from '../command.js';
import { attach } from './attach.js';
import { run } from './run.js';

/** Every subcommand, in the order `hookline --help` lists them. */
export const commands: readonly Command[] = [run, attach];
