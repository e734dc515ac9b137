import { debuglog } from 'node:util';

/** Debug output of every part of hookline, shown with `NODE_DEBUG=hookline`. */
export const debug = debuglog('hookline');
