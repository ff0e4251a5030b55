import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

describe('hosting headers', () => {
  it('the _headers file and the page’s meta tag carry the same Content-Security-Policy', () => {
    const html = readFileSync(resolve(root, 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const headers = readFileSync(resolve(root, 'public/_headers'), 'utf8');
    const header = /^\s+Content-Security-Policy: (.+)$/m.exec(headers)?.[1];
    expect(meta).toBeDefined();
    expect(header).toBe(meta);
    // No source outside our own origin, ever: no CDN, no analytics.
    expect(meta).not.toMatch(/https?:|\*/);
  });

  it('serves wasm as application/wasm', () => {
    const headers = readFileSync(resolve(root, 'public/_headers'), 'utf8');
    expect(headers).toMatch(/^\/\*\.wasm\n\s+Content-Type: application\/wasm$/m);
  });
});
