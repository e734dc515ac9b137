import { internally } from './own-loads.js';

// Taken without the ES module facade of node:util, which loads streams and more at start-up.
const { debuglog } = internally(() => process.getBuiltinModule('node:util'));

/** Debug output of every part of hookline, shown with `NODE_DEBUG=hookline`. */
export const debug = debuglog('hookline');
