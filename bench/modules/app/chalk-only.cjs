// The hooked ES module package alone, from CommonJS (require(esm)): what onImport costs on the
// package it changes, without the rest of the app's start-up around it.
if (typeof require('chalk').default !== 'function') throw new Error('chalk did not load');
