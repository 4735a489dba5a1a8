#!/usr/bin/env node
// Checks every link in the repository's Markdown files, and every section the conformance
// vectors cite (`"see"` in test/conformance/vectors.json, relative to the repository root): a
// relative link must name a file or folder that exists, and a `#anchor` into a Markdown file
// must name a heading or an `<a id="…">` in it. Web links (http:, https:, mailto:) are not fetched. Writes one JUnit
// case per link to test-results/docs.xml and exits 1 when any link is broken.
//
//   node scripts/check-links.mjs            # from the repository root
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Markdown files tracked or about to be tracked by git (node_modules and build output excluded). */
function markdownFiles() {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: root, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((f) => f !== '' && !f.includes('node_modules/') && existsSync(join(root, f)))
    .sort();
}

/** The text with fenced code blocks and inline code blanked out (links in code are examples). */
function withoutCode(text) {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (m) => m.replace(/[^\n]/g, ' ')).replace(/`[^`\n]*`/g, (m) => ' '.repeat(m.length));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorCache = new Map();
/** Every anchor a Markdown file defines: heading slugs (with GitHub's -1, -2 suffixes) and `<a id>`/`<a name>`. */
function anchorsOf(file) {
  let anchors = anchorCache.get(file);
  if (anchors) return anchors;
  anchors = new Set();
  const text = withoutCode(readFileSync(file, 'utf8'));
  const seen = new Map();
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  anchorCache.set(file, anchors);
  return anchors;
}

/** Every link target in a Markdown text, with its line number. */
function linksOf(text) {
  const clean = withoutCode(text);
  const links = [];
  const lineOf = (index) => clean.slice(0, index).split('\n').length;
  for (const m of clean.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: m[1], line: lineOf(m.index) });
  for (const m of clean.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) links.push({ target: m[1], line: lineOf(m.index) });
  for (const m of clean.matchAll(/<a\s+[^>]*href="([^"]+)"/g)) links.push({ target: m[1], line: lineOf(m.index) });
  return links;
}

/** Why the link is broken, or null when it is fine. */
function check(fromFile, target) {
  if (/^(https?:|mailto:)/i.test(target)) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return `unsupported link scheme in ${target}`;
  const hash = target.indexOf('#');
  const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
  const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
  const file = pathPart === '' ? fromFile : pathPart.startsWith('/') ? join(root, pathPart) : resolve(dirname(fromFile), pathPart);
  if (!file.startsWith(root)) return `${target} points outside the repository`;
  if (!existsSync(file)) return `${relative(root, file)} does not exist`;
  if (anchor !== null && anchor !== '' && file.endsWith('.md') && statSync(file).isFile() && !anchorsOf(file).has(anchor)) {
    return `${relative(root, file)} has no heading or anchor #${anchor}`;
  }
  return null;
}

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const cases = [];
for (const rel of markdownFiles()) {
  const file = join(root, rel);
  for (const { target, line } of linksOf(readFileSync(file, 'utf8'))) {
    cases.push({ name: `${rel}:${line} → ${target}`, file: rel, problem: check(file, target) });
  }
}

/** JSON files whose `"see"` values cite documents, relative to the repository root. */
const CITING = ['test/conformance/vectors.json'];
for (const rel of CITING) {
  const file = join(root, rel);
  if (!existsSync(file)) continue;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/"see":\s*"([^"]+)"/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    cases.push({ name: `${rel}:${line} → ${m[1]}`, file: rel, problem: check(join(root, 'cited-from-root'), m[1]) });
  }
}

const failures = cases.filter((c) => c.problem !== null);
const body = cases
  .map((c) => `    <testcase classname="docs.${xml(c.file)}" name="${xml(c.name)}">${c.problem ? `<failure message="${xml(c.problem)}"/>` : ''}</testcase>`)
  .join('\n');
mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(
  join(root, 'test-results', 'docs.xml'),
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="docs">\n  <testsuite name="markdown links" tests="${cases.length}" failures="${failures.length}">\n${body}\n  </testsuite>\n</testsuites>\n`,
);
for (const f of failures) console.log(`broken link: ${f.name}: ${f.problem}`);
console.log(`links: ${cases.length - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length > 0 ? 1 : 0);
