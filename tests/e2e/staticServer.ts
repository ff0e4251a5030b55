import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gz': 'application/gzip',
  '.csv': 'text/csv; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Serve under this sub-path, as a static host would (`/segmentlab/`), to prove the build is path-independent. */
  basePath?: string;
  /** Rewrites a response's content type, e.g. wasm served as text/plain, to test start-up failure. */
  overrideMime?: (path: string) => string | undefined;
  /** Answers 404 for matching paths. */
  missing?: (path: string) => boolean;
}

/** A minimal static host for the built `dist/`, listening on loopback only. */
export async function serveStatic(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = options.basePath ?? '/';
  const rootDir = resolve(root);
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(base)) {
      response.writeHead(404).end();
      return;
    }
    let relative = decodeURIComponent(url.pathname.slice(base.length));
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const filePath = normalize(join(rootDir, relative));
    if (!filePath.startsWith(rootDir) || options.missing?.(relative)) {
      response.writeHead(404).end();
      return;
    }
    try {
      if (!(await stat(filePath)).isFile()) throw new Error('not a file');
      const body = await readFile(filePath);
      const type = options.overrideMime?.(relative) ?? MIME[extname(filePath)] ?? 'application/octet-stream';
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
