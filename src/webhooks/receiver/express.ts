/**
 * Express middleware: verifies a Flowcerta delivery over its raw body and attaches the event.
 *
 *   app.post('/flowcerta-webhook', flowcertaExpress({ secret }), (req, res) => {
 *     const { event, deliveryId } = (req as FlowcertaExpressRequest).flowcerta
 *     …
 *     res.sendStatus(204)
 *   })
 *
 * The raw body: when `express.raw({ type: 'application/json' })` ran before it, `req.body` (a
 * Buffer) is used; otherwise the middleware reads the request stream itself. Mount it before
 * `express.json()` (or on a router without it): a body already parsed into an object cannot be
 * verified, and is passed to `next(error)`.
 *
 * Answers 401 `{error, message}` on a missing or bad signature, 400 on a body that is not a
 * Flowcerta event, 413 over `bodyLimitBytes`; otherwise sets `req.flowcerta` (see
 * VerifiedDelivery), `req.rawBody` and `req.body` (the raw Buffer), and calls `next()`. Events
 * this version does not know pass with `event` undefined and `unknownEvent` set.
 *
 * No dependency on express: the types are Node's http ones, which Express's extend.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  checkDelivery,
  DEFAULT_BODY_LIMIT_BYTES,
  type VerifiedDelivery,
  type WebhookReceiverOptions,
} from './verify-delivery.js'

export interface FlowcertaExpressRequest extends IncomingMessage {
  body?: unknown
  rawBody?: Buffer
  flowcerta: VerifiedDelivery
}

export type FlowcertaExpressMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.resume()
        reject(new BodyTooLargeError())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function answer(res: ServerResponse, status: number, error: string, message: string): void {
  res.statusCode = status
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify({ error, message }))
}

export function flowcertaExpress(options: WebhookReceiverOptions): FlowcertaExpressMiddleware {
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
  return (req, res, next) => {
    const request = req as FlowcertaExpressRequest
    const handle = (rawBody: Buffer) => {
      const checked = checkDelivery(rawBody, req.headers, options)
      if (!checked.ok) {
        answer(res, checked.status, checked.error, checked.message)
        return
      }
      request.rawBody = rawBody
      request.body = rawBody
      request.flowcerta = checked.delivery
      next()
    }
    const body = request.body
    if (Buffer.isBuffer(body)) {
      handle(body)
      return
    }
    if (typeof body === 'string') {
      handle(Buffer.from(body, 'utf8'))
      return
    }
    if (body !== undefined && body !== null && (typeof body !== 'object' || Object.keys(body).length > 0)) {
      next(
        new Error(
          'flowcertaExpress needs the raw body: mount it before express.json(), or use express.raw({ type: "application/json" })',
        ),
      )
      return
    }
    if (req.readableEnded) {
      next(new Error('flowcertaExpress: the request body was already consumed by another body parser'))
      return
    }
    readBody(req, limit).then(handle, (error: unknown) => {
      if (error instanceof BodyTooLargeError) answer(res, 413, 'body_too_large', 'request body too large')
      else next(error)
    })
  }
}
