/**
 * Fastify plugin: keeps the raw body of `application/json` requests, verifies the Flowcerta
 * signature, parses the event, and attaches it as `request.flowcerta` (see VerifiedDelivery).
 *
 *   await app.register(async (webhooks) => {
 *     await webhooks.register(flowcertaFastify, { secret })
 *     webhooks.post('/flowcerta-webhook', async (request, reply) => {
 *       const { event } = (request as unknown as FlowcertaFastifyRequest).flowcerta
 *       …
 *       return reply.code(204).send()
 *     })
 *   })
 *
 * The plugin applies to the context it is registered in (it is not encapsulated, like a
 * fastify-plugin plugin), so register it inside a scope of its own, as above: only that scope's
 * routes get the raw-body JSON parser and the check, the rest of the app keeps Fastify's JSON
 * parsing. Answers 401 `{error, message}` on a bad signature, 400 on a body that is not a Flowcerta
 * event or not JSON-typed, 413 over `bodyLimitBytes`. Events this version does not know pass with
 * `event` undefined and `unknownEvent` set.
 *
 * No dependency on fastify: the instance is typed by the few methods the plugin calls.
 */
import type { IncomingHttpHeaders } from 'node:http'
import {
  checkDelivery,
  DEFAULT_BODY_LIMIT_BYTES,
  type VerifiedDelivery,
  type WebhookReceiverOptions,
} from './verify-delivery.js'

export interface FlowcertaFastifyRequest {
  headers: IncomingHttpHeaders
  body: unknown
  flowcerta: VerifiedDelivery
}

interface ReplyLike {
  code(status: number): ReplyLike
  send(payload?: unknown): unknown
}

/** The parts of a FastifyInstance the plugin uses. */
export interface FastifyLikeInstance {
  hasContentTypeParser(contentType: string): boolean
  removeContentTypeParser(contentType: string): unknown
  addContentTypeParser(
    contentType: string,
    options: { parseAs: 'buffer'; bodyLimit?: number },
    parser: (request: never, body: Buffer, done: (error: Error | null, body?: unknown) => void) => void,
  ): unknown
  // biome-ignore lint/suspicious/noExplicitAny: Fastify's hook signatures are overloaded per hook name
  addHook(name: 'preHandler', hook: (request: any, reply: any) => Promise<unknown>): unknown
}

export type FlowcertaFastifyPlugin = ((
  instance: FastifyLikeInstance,
  options: WebhookReceiverOptions,
  done: (error?: Error) => void,
) => void) & { [key: symbol]: unknown }

function flowcertaFastifyPlugin(
  instance: FastifyLikeInstance,
  options: WebhookReceiverOptions,
  done: (error?: Error) => void,
): void {
  try {
    const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
    if (instance.hasContentTypeParser('application/json'))
      instance.removeContentTypeParser('application/json')
    instance.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit },
      (_request, body, parsed) => parsed(null, body),
    )
    instance.addHook('preHandler', async (request: FlowcertaFastifyRequest, reply: ReplyLike) => {
      if (!Buffer.isBuffer(request.body)) {
        return reply
          .code(400)
          .send({ error: 'invalid_content_type', message: 'expected an application/json body' })
      }
      const checked = checkDelivery(request.body, request.headers, options)
      if (!checked.ok)
        return reply.code(checked.status).send({ error: checked.error, message: checked.message })
      request.flowcerta = checked.delivery
      return undefined
    })
    done()
  } catch (error) {
    done(error instanceof Error ? error : new Error(String(error)))
  }
}
// Applies to the registering context (what fastify-plugin does), not an encapsulated child.
;(flowcertaFastifyPlugin as FlowcertaFastifyPlugin)[Symbol.for('skip-override')] = true
;(flowcertaFastifyPlugin as FlowcertaFastifyPlugin)[Symbol.for('fastify.display-name')] = 'flowcerta-webhooks'

export const flowcertaFastify: FlowcertaFastifyPlugin = flowcertaFastifyPlugin as FlowcertaFastifyPlugin
