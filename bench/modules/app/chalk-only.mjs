// The hooked ES module package alone, imported: what onImport costs on the package it changes,
// without the rest of the app's start-up around it.
import chalk from 'chalk';

if (typeof chalk !== 'function') throw new Error('chalk did not load');
