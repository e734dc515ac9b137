// Loaded with `--import` by `hookline run --hook-on-error`, before the program.
import { hookOnError } from '../../debug/index.js';

hookOnError();
