// The peer of hook.bench.ts: a prompt paused in a program at its start, reached with Node's
// own command-line debugger (`node inspect`, which breaks on the first line).
const answer = 42;
// biome-ignore lint/suspicious/noDebugger: the peer's pause.
debugger;
console.log(answer);
