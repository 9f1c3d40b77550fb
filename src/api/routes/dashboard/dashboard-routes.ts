/**
 * The dashboard's static files (built by `npm run build` into dist/web: index.html + assets/):
 * - `/assets/*`: files of `<webDir>/assets`, long-cached (their names carry content hashes), with
 *   the content type of their extension. A name is served only when every segment is plain
 *   (letters, digits, `.`, `_`, `-`, not starting with a dot) and its real path stays inside the
 *   folder, so `..`, encoded `%2e%2e`/`%2f`, backslashes and links out of it all answer 404.
 * - page paths (DASHBOARD_PAGES): index.html, never cached; the client routes. Without a live
 *   session cookie (except `/sign-in`) they redirect to `/sign-in?next=<path and query>`.
 * - When `<webDir>/index.html` is missing (a build without the web), pages answer 503 saying so.
 * Every answer here carries DASHBOARD_CONTENT_SECURITY_POLICY and the other headers below. Kept
 * out of the OpenAPI document: these are pages, not API operations.
 */
import { readFile, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { readSessionCookie, type SessionAuthenticator } from '../../plugins/session.js'

export const DASHBOARD_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/** Paths that are dashboard pages (`*`: anything below). `/sign-in` is the one open to all. */
export const DASHBOARD_PAGES = Object.freeze([
  '/',
  '/sign-in',
  '/overview',
  '/projects',
  '/projects/*',
  '/results',
  '/results/*',
  '/exceptions',
  '/exceptions/*',
  '/webhooks',
  '/webhooks/*',
  '/deliveries/*',
  '/settings',
  '/api-keys',
  '/audit-log',
])

export const SIGN_IN_PAGE = '/sign-in'

const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
})

/** The content type served for a file name (application/octet-stream when the extension is unknown). */
export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream'
}

const SAFE_ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/
const NOT_BUILT = 'The dashboard is not built: run `npm run build` (it builds web/ into dist/web).\n'

export interface DashboardRouteOptions {
  /** The built dashboard: index.html and assets/ (default dist/web beside the built server). */
  webDir: string
  sessions: SessionAuthenticator
}

async function readIfFile(file: string): Promise<Buffer | null> {
  try {
    return (await stat(file)).isFile() ? await readFile(file) : null
  } catch {
    return null
  }
}

export async function dashboardRoutes(app: FastifyInstance, options: DashboardRouteOptions): Promise<void> {
  const webDir = path.resolve(options.webDir)
  const assetsDir = path.join(webDir, 'assets')
  const notFound = (reply: FastifyReply) =>
    reply.code(404).type('text/plain; charset=utf-8').send('Not found.\n')

  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', DASHBOARD_CONTENT_SECURITY_POLICY)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'same-origin')
    reply.header('x-frame-options', 'DENY')
    reply.header('cross-origin-resource-policy', 'same-origin')
  })

  const asPage = { config: { access: 'public' as const }, schema: { hide: true } }

  app.get<{ Params: { '*': string } }>('/assets/*', asPage, async (request, reply) => {
    const name = request.params['*']
    if (!SAFE_ASSET_NAME.test(name)) return notFound(reply)
    const file = path.join(assetsDir, name)
    let real: string
    try {
      real = await realpath(file)
    } catch {
      return notFound(reply)
    }
    // A link inside assets/ must not lead out of it.
    const realAssets = await realpath(assetsDir).catch(() => assetsDir)
    if (!real.startsWith(realAssets + path.sep)) return notFound(reply)
    const bytes = await readIfFile(real)
    if (bytes === null) return notFound(reply)
    return reply
      .type(contentTypeOf(name))
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(bytes)
  })

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const html = await readIfFile(path.join(webDir, 'index.html'))
    if (html === null) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT)
    reply.header('cache-control', 'no-store')
    if (request.routeOptions.url !== SIGN_IN_PAGE) {
      const token = readSessionCookie(request.headers.cookie)
      const session = token === undefined ? null : await options.sessions.find(token)
      if (session === null) {
        return reply
          .code(302)
          .header('location', `${SIGN_IN_PAGE}?next=${encodeURIComponent(request.url)}`)
          .send()
      }
    }
    return reply.type('text/html; charset=utf-8').send(html)
  }
  for (const url of DASHBOARD_PAGES) app.get(url, asPage, page)
}
