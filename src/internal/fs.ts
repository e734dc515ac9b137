import { internally } from './own-loads.js';

/**
 * The parts of node:fs hookline uses, taken without its ES module facade: `import … from
 * 'node:fs'` makes Node evaluate every lazy export of fs (streams, promises, watchers — some
 * thirty internal modules), a start-up cost that hookline/register must not add to every program.
 */
export const {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = internally(() => process.getBuiltinModule('node:fs'));
