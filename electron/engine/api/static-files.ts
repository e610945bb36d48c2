/**
 * Serves the built dashboard (dist/renderer/, made by `npm run build`) for
 * every path outside /api: a file that exists is sent as it is (hashed
 * /assets/ files cached for a year, being immutable), and any other path gets
 * index.html, so a deep link such as /runs/12/tasks/metrics?attempt=2 opens
 * the single-page app, which routes it. Only GET and HEAD; a path that leaves
 * the directory or names a dotfile is treated as a route, never read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where the built dashboard is: beside the CLI bundle (dist/renderer), or dist/renderer of the checkout when run from source. */
export function defaultRendererDir(): string {
  const candidates = [path.join(__dirname, 'renderer'), path.resolve(__dirname, '..', '..', '..', 'dist', 'renderer')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

/** Answers a GET or HEAD for `pathname` (not under /api) from `dir`. */
export function serveStatic(dir: string, req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  const file = existingFile(dir, pathname);
  const asset = pathname.startsWith('/assets/');
  if (file) return sendFile(req, res, file, asset ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (asset) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('no such asset (the dashboard was rebuilt: reload the page)\n');
    return;
  }
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The dashboard is not built: run `npm run build` in the Tickwork checkout.\n');
    return;
  }
  sendFile(req, res, index, 'no-cache');
}

/** The file under `dir` that `pathname` names, if it is a plain file there (no traversal, no dotfiles). */
function existingFile(dir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const full = path.resolve(dir, '.' + path.posix.normalize(decoded));
  if (!full.startsWith(path.resolve(dir) + path.sep)) return null;
  try {
    return fs.statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, cacheControl: string): void {
  const body = fs.readFileSync(file);
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': cacheControl,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
