#!/usr/bin/env node
// git-kiro's entry point. It runs the bundle (git-kiro-main.js) through V8's code
// cache: compiling the 0.7 MB bundle was a fifth of what `git kiro list` costs
// (19 ms of 94, --cpu-prof), and with the cache V8 skips it. The cache is written
// beside the bundle, else in the user's cache folder, else not at all; a cache from
// another Node or V8 is rejected by V8 and written again. (issue 17, docs/decisions.md)
'use strict';
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const file = join(__dirname, 'git-kiro-main.js');
const source = readFileSync(file, 'utf8');
const places = [`${file}.cache`, join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'git-kiro', `${process.version}-${source.length}.cache`)];
let cachedData;
for (const p of places) {
  try {
    cachedData = readFileSync(p);
    break;
  } catch {
    /* not there */
  }
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, __dirname);
module.exports = bundle.exports;

if (!cachedData || script.cachedDataRejected) {
  // Written once the program has run (more of it compiled, so more is cached), atomically.
  process.once('beforeExit', () => {
    const data = script.createCachedData();
    for (const p of places) {
      try {
        mkdirSync(dirname(p), { recursive: true });
        const tmp = `${p}.${process.pid}.tmp`;
        writeFileSync(tmp, data);
        renameSync(tmp, p);
        return;
      } catch {
        /* read-only: try the next place */
      }
    }
  });
}
if (require.main === module) bundle.exports.main(process.argv.slice(2)).then((code) => (process.exitCode = code));
