// An empty program, ES module: start-up with nothing to load, where only hookline's own fixed
// cost (loading it, reading the preload config, running the hook module) is left to see.
