import type { Command } from '../command.js';
import { attach } from './attach.js';
import { inject } from './inject.js';
import { run } from './run.js';

/** Every subcommand, in the order `hookline --help` lists them. */
export const commands: readonly Command[] = [run, inject, attach];
