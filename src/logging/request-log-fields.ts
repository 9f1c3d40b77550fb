/**
 * What a request log line says about the request. Fastify's default puts `req.url` in every
 * "incoming request" line, query string included, so a key pasted into `?key=` landed in the log
 * (issue 10). The query is dropped whole — its names as well as its values, since a bare `?<key>`
 * is a name — and the route pattern is logged instead, which also groups lines by endpoint.
 */

/** The parts of a Fastify request read here (structural, so logging does not import Fastify). */
export interface LoggedRequest {
  method: string
  url: string
  host?: string
  ip?: string
  socket?: { remotePort?: number }
  routeOptions?: { url?: string }
}

export interface RequestLogFields {
  method: string
  /** The matched route pattern (`/api/v1/results/:id`); null when no route matched. */
  route: string | null
  /** The requested path, without the query string. */
  path: string
  host: string | undefined
  remoteAddress: string | undefined
  remotePort: number | undefined
}

export function requestLogFields(request: LoggedRequest): RequestLogFields {
  const queryAt = request.url.indexOf('?')
  return {
    method: request.method,
    route: request.routeOptions?.url ?? null,
    path: queryAt === -1 ? request.url : request.url.slice(0, queryAt),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}
