/*
 * A fast receiver for the crash-safety tests and the benchmark: one process serving many webhooks,
 * each at `/hook/<n>` with its own secret, verifying X-Flowcerta-Signature with node:crypto exactly
 * as the spec's Node receiver does (plus a length check, so a malformed header is a 401, not a
 * throw), and recording every accepted request.
 *
 * Environment:
 *   RECEIVER_SECRETS  JSON array of secrets; webhook n uses RECEIVER_SECRETS[n]
 *   RECEIVER_LOG      file that gets `<X-Flowcerta-Delivery> <n> <received at, epoch ms> <data.label or ->
 *                     <arrived at, epoch ms>` per accepted request (written before the answer): received
 *                     = the body has arrived; arrived = the request's head was parsed (its handler ran)
 *   RECEIVER_DELAY_MS answer this long after the body arrived (default 0), to keep requests in flight
 *   PORT              0 = any free port
 * `/blackhole/<n>` reads the request and never answers (a receiver that accepts and hangs).
 * `GET /stats` answers {"accepted", "rejected", "open" (requests not answered yet), "maxOpen" (most open at once)}.
 * Prints `listening <port>` on stdout once it accepts connections.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { createServer } from 'node:http'

const secrets = JSON.parse(process.env.RECEIVER_SECRETS ?? '[]').map((secret) => Buffer.from(secret, 'utf8'))
const receiverLog = process.env.RECEIVER_LOG
const delayMs = Number(process.env.RECEIVER_DELAY_MS ?? 0)
let accepted = 0
let rejected = 0
let open = 0
// High-water mark of requests open at once: what the sender had in flight (its concurrency caps).
let maxOpen = 0

function verify(secret, body, header) {
  if (secret === undefined || typeof header !== 'string') return false
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`)
  const given = Buffer.from(header)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** The envelope's `data.label` (the tests and the benchmark tag events with it), or `-`. */
function labelOf(body) {
  try {
    const label = JSON.parse(body.toString('utf8'))?.data?.label
    return typeof label === 'string' && label !== '' ? label.replaceAll(/\s/g, '_') : '-'
  } catch {
    return '-'
  }
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ accepted, rejected, open, maxOpen }))
    return
  }
  const arrivedAt = performance.timeOrigin + performance.now()
  const match = /^\/(hook|blackhole)\/(\d+)$/.exec(req.url ?? '')
  const chunks = []
  open++
  if (open > maxOpen) maxOpen = open
  res.on('close', () => open--)
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    const receivedAt = performance.timeOrigin + performance.now()
    if (match === null) {
      res.writeHead(404).end()
      return
    }
    if (match[1] === 'blackhole') return
    const body = Buffer.concat(chunks)
    if (!verify(secrets[Number(match[2])], body, req.headers['x-flowcerta-signature'])) {
      rejected++
      res.writeHead(401).end()
      return
    }
    accepted++
    if (receiverLog) {
      appendFileSync(
        receiverLog,
        `${req.headers['x-flowcerta-delivery'] ?? ''} ${match[2]} ${receivedAt.toFixed(3)} ${labelOf(body)} ${arrivedAt.toFixed(3)}\n`,
      )
    }
    if (delayMs > 0) setTimeout(() => res.writeHead(200).end(), delayMs)
    else res.writeHead(200).end()
  })
})
// Black-holed requests stay open until the sender gives up; do not let Node time them out first.
server.requestTimeout = 0
server.headersTimeout = 0
server.keepAliveTimeout = 60_000

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`)
})
