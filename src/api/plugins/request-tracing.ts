/**
 * One SERVER span per API request, when tracing is on (installed only then: with tracing off the
 * API has no tracing hooks at all). A W3C `traceparent` header from the caller makes the request
 * a child of the caller's span; a malformed one starts a new trace.
 *
 * The span is started at onRequest and made the active context from preHandler on, so the
 * handler and everything it awaits (analysis, the transaction that writes the outbox) are its
 * children: Fastify calls the handler synchronously from the last preHandler's `done`. It ends at
 * onResponse (or when the client goes away). Attributes: method, route pattern, status code,
 * request id — never the query string, headers or body.
 */
import { context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { contextFromTraceparent, startSpan } from '../../tracing/spans.js'

const REQUEST_SPANS = new WeakMap<FastifyRequest, Span>()

export function installRequestTracing(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched'
    const header = request.headers.traceparent
    const span = startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      parent: contextFromTraceparent(typeof header === 'string' ? header : null),
      attributes: {
        'http.request.method': request.method,
        'http.route': route,
        'flowcerta.request_id': request.id,
      },
    })
    if (span !== undefined) REQUEST_SPANS.set(request, span)
    done()
  })
  app.addHook('preHandler', (request, _reply, done) => {
    const span = REQUEST_SPANS.get(request)
    if (span === undefined) return done()
    context.with(trace.setSpan(ROOT_CONTEXT, span), done)
  })
  app.addHook('onResponse', (request, reply, done) => {
    const span = REQUEST_SPANS.get(request)
    if (span !== undefined) {
      REQUEST_SPANS.delete(request)
      span.setAttribute('http.response.status_code', reply.statusCode)
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR })
      span.end()
    }
    done()
  })
  app.addHook('onRequestAbort', (request, done) => {
    const span = REQUEST_SPANS.get(request)
    if (span !== undefined) {
      REQUEST_SPANS.delete(request)
      span.setAttribute('error.type', 'request_aborted')
      span.end()
    }
    done()
  })
}
