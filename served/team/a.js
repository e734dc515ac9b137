export { greet } from './util.js';
