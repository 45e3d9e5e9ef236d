import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

/**
 * The built web UI (`packages/web/dist`, made by `npm run build`) served at `/` and `/web` in
 * front of the API: GET/HEAD of a file the build produced answers from memory, everything else goes on to
 * the OpenEnv routes, so no API path can be shadowed by a request for a file that does not
 * exist. The file set is read once at startup (a few hundred kB); paths are looked up in that
 * set, never joined onto the file system, so `..` cannot escape the folder.
 *
 * Vite names every asset by its content hash, so assets are cached for a year; `index.html`
 * is revalidated on every load (an ETag makes that a 304) so a rebuilt UI shows up at once.
 * Text files are compressed once at startup, brotli and gzip, and sent in whichever the
 * client accepts: the UI's script is about a third of its size gzipped.
 */
export interface StaticUi {
  /** Absolute path of the folder served. */
  readonly root: string;
  /** The file's response, or undefined to let the API answer. */
  handle(request: Request): Response | undefined;
}

type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** The paths that answer with the UI's `index.html`. */
const UI_ENTRY_PATHS = ['/', '/web', '/web/'] as const;

/** Where the monorepo's web package builds to. */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../../web/dist/', import.meta.url));
}

/** Loads a built UI, or returns undefined when `root` has no `index.html` (not built yet). */
export function loadStaticUi(root: string): StaticUi | undefined {
  if (!existsSync(join(root, 'index.html'))) return undefined;
  const files = new Map<string, StaticFile>();
  for (const file of listFiles(root)) {
    const path = `/${relative(root, file).split(sep).join('/')}`;
    const html = path === '/index.html';
    const body = readFileSync(file);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    const compress = COMPRESSIBLE.test(type) && body.length >= 1024;
    files.set(path, {
      identity: body,
      ...(compress ? { br: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }), gzip: gzipSync(body, { level: 9 }) } : {}),
      etag: createHash('sha256').update(body).digest('base64url').slice(0, 22),
      headers: {
        'content-type': type,
        'cache-control': html ? 'no-cache' : path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        ...(compress ? { vary: 'accept-encoding' } : {}),
      },
    });
  }
  // The UI routes by hash, so one page serves every entry point: `/`, and `/web` where
  // Hugging Face Spaces made by `openenv push` (`base_path: /web`) open it.
  const index = files.get('/index.html');
  if (index !== undefined) for (const entry of UI_ENTRY_PATHS) files.set(entry, index);
  return {
    root,
    handle(request) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
      const file = files.get(new URL(request.url).pathname);
      if (file === undefined) return undefined;
      const encoding = chooseEncoding(file, request.headers.get('accept-encoding') ?? '');
      const etag = `"${file.etag}${encoding === 'identity' ? '' : `-${encoding}`}"`;
      const headers = { ...file.headers, etag, ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }) };
      const match = request.headers.get('if-none-match');
      if (match !== null && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers });
      return new Response(request.method === 'HEAD' ? null : file[encoding], { headers });
    },
  };
}

interface StaticFile {
  readonly identity: Uint8Array;
  readonly br?: Uint8Array;
  readonly gzip?: Uint8Array;
  /** Of the uncompressed bytes; each encoding's ETag adds its name. */
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
}

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;

/** Brotli, then gzip, when the file has it and the client accepts it (`q=0` refuses). */
function chooseEncoding(file: StaticFile, accept: string): 'br' | 'gzip' | 'identity' {
  const accepted = new Set(
    accept
      .toLowerCase()
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, ...params]) => !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param)))
      .map(([name]) => name!.trim()),
  );
  if (file.br !== undefined && accepted.has('br')) return 'br';
  if (file.gzip !== undefined && accepted.has('gzip')) return 'gzip';
  return 'identity';
}

/** `fetch` with the UI in front (or `fetch` itself when there is no UI). */
export function withStaticUi<F extends Fetch>(fetch: F, ui: StaticUi | undefined): F {
  if (ui === undefined) return fetch;
  return ((request: Request, ...rest: never[]) => ui.handle(request) ?? fetch(request, ...rest)) as F;
}

function listFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
