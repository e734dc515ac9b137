#!/usr/bin/env node
// Part of `npm test`'s lint: every relative link of the README and docs/ leads somewhere — the
// file exists, and a `#section` names a heading of that file as GitHub makes its anchors. The
// docs link to each other's sections by the hundred, and a heading renamed or a section moved
// would otherwise leave links that open the page's top, or nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
];

/** Text outside fenced code blocks: a link or heading shown as code is not one. */
function prose(text) {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replaceAll(' ', '-');
}

/** The anchors of a page's headings; a repeated heading gets -1, -2… as on GitHub. */
function anchorsOf(text) {
  const anchors = new Set();
  const seen = new Map();
  for (const [, heading] of prose(text).matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const anchorCache = new Map();
function anchors(file) {
  if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(file, 'utf8')));
  return anchorCache.get(file);
}

const broken = [];
for (const page of pages) {
  const file = join(root, page);
  // A link's text may run over lines; its target may not.
  for (const [, target] of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto: …
    const [path, anchor] = target.split('#');
    const linked = path ? normalize(join(dirname(file), path)) : file;
    if (!existsSync(linked)) broken.push(`${page}: ${target} — no such file`);
    else if (anchor && linked.endsWith('.md') && !anchors(linked).has(anchor))
      broken.push(`${page}: ${target} — ${relative(root, linked)} has no heading with that anchor`);
  }
}

if (broken.length > 0) {
  console.error(`✖ ${broken.length} broken documentation link(s):\n  ${broken.join('\n  ')}`);
  console.error('Fix the link, or the heading it names (anchors follow the heading text).');
  process.exit(1);
}
console.log(`✔ documentation links: ${pages.length} pages, every relative link resolves`);
