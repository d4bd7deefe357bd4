#!/usr/bin/env node
// A tiny static server for the comparison pages, so the libraries are
// measured loading over HTTP like an application would, with no external
// network: the pages from this folder, the libraries from
// end2end/node_modules (under /lib/), and the generated plan under
// /data/plan-N.json (made on first request, then kept in memory).
//
//   node bench/gantt/serve.mjs [port]   then open http://127.0.0.1:PORT/dhtmlx.html?n=10000
//
// The Playwright spec (end2end/perf/gantt-compare.spec.ts) imports
// startServer() and listens on a free port.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, '..', '..', 'end2end', 'node_modules');
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Resolves a URL path under root, refusing anything that climbs out. */
function inside(root, path) {
  const full = normalize(join(root, decodeURIComponent(path)));
  return full === root || full.startsWith(root + sep) ? full : null;
}

export function startServer(port = 0, host = '127.0.0.1') {
  const plans = new Map();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      let body, type;
      const data = url.pathname.match(/^\/data\/plan-(\d+)\.json$/);
      if (data) {
        const n = Number(data[1]);
        if (!plans.has(n)) plans.set(n, JSON.stringify(generate(n)));
        body = plans.get(n);
        type = types['.json'];
      } else {
        const file = url.pathname.startsWith('/lib/')
          ? inside(modules, url.pathname.slice('/lib/'.length))
          : inside(here, url.pathname === '/' ? 'index.html' : url.pathname.slice(1));
        if (!file) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
        body = await readFile(file);
        type = types[extname(file)] ?? 'application/octet-stream';
      }
      // no-store: every page load fetches and parses the plan afresh.
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' ? 404 : 500, { 'content-type': 'text/plain' });
      res.end(String(e.message));
    }
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({ url: `http://${host}:${p}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startServer(Number(process.argv[2] ?? 8099));
  console.log(`serving ${url}/dhtmlx.html?n=10000 and ${url}/frappe.html?n=10000`);
}
