// Run by hook.bench.ts in a terminal: after WAIT_MS of other work (the blog's "long
// computation"; 0 hooks right after the import), opens HOOKS hooks one after the other and
// writes, to the file RESULTS, how long each took from the hook() call to its prompt (the time
// hookline itself reports in its "resumed" log line).
import { writeFileSync } from 'node:fs';
import { hook } from 'hookline/debug';

const times = [];
const logger = (message) => {
  const match = / \(prompt shown after ([\d.]+) ms\)$/.exec(message);
  if (match) times.push(Number(match[1]));
};
await new Promise((resolve) => setTimeout(resolve, Number(process.env.WAIT_MS ?? 0)));
for (let count = Number(process.env.HOOKS ?? 10); count > 0; count -= 1) hook({ logger });
writeFileSync(process.env.RESULTS, JSON.stringify(times));
