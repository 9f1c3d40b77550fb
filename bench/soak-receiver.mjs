/*
 * The soak and chaos benchmarks' receiver (bench/scale-soak.ts): one process serving webhook n at
 * `/hook/<n>` with secret n, verifying X-Flowcerta-Signature (HMAC-SHA256, constant-time compare)
 * and logging each accepted request as
 *   `<X-Flowcerta-Delivery> <n> <received at, epoch ms> <envelope occurredAt, epoch ms> <data.validationId or ->`
 * before answering 200. `POST /control/fail` makes it answer 503 to every delivery (nothing
 * logged) until `POST /control/ok`; `GET /stats` answers {accepted, refused, rejected}.
 *
 * Environment: RECEIVER_SECRETS (JSON array), RECEIVER_LOG (file), PORT.
 * Prints `listening <port>` once it accepts connections.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { createServer } from 'node:http'

const secrets = JSON.parse(process.env.RECEIVER_SECRETS ?? '[]').map((secret) => Buffer.from(secret, 'utf8'))
const receiverLog = process.env.RECEIVER_LOG
let failing = false
let accepted = 0
let refused = 0
let rejected = 0

function verify(secret, body, header) {
  if (secret === undefined || typeof header !== 'string') return false
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`)
  const given = Buffer.from(header)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ accepted, refused, rejected, failing }))
    return
  }
  if (req.method === 'POST' && (req.url === '/control/fail' || req.url === '/control/ok')) {
    failing = req.url === '/control/fail'
    res.writeHead(204).end()
    return
  }
  const match = /^\/hook\/(\d+)$/.exec(req.url ?? '')
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    const receivedAt = performance.timeOrigin + performance.now()
    if (match === null) {
      res.writeHead(404).end()
      return
    }
    if (failing) {
      refused++
      res.writeHead(503).end()
      return
    }
    const body = Buffer.concat(chunks)
    if (!verify(secrets[Number(match[1])], body, req.headers['x-flowcerta-signature'])) {
      rejected++
      res.writeHead(401).end()
      return
    }
    let occurredAt = 0
    let validationId = '-'
    try {
      const envelope = JSON.parse(body.toString('utf8'))
      occurredAt = Date.parse(envelope.occurredAt)
      validationId = envelope.data?.validationId ?? '-'
    } catch {}
    accepted++
    if (receiverLog) {
      appendFileSync(
        receiverLog,
        `${req.headers['x-flowcerta-delivery'] ?? ''} ${match[1]} ${receivedAt.toFixed(1)} ${occurredAt} ${validationId}\n`,
      )
    }
    res.writeHead(200).end()
  })
})
server.keepAliveTimeout = 60_000
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`)
})
