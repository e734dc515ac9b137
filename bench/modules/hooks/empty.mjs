// An empty module preloaded with --import: Node's own cost of the flag.
