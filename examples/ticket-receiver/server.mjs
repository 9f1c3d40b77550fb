/*
 * A thin Flowcerta receiver: verifies each delivery, drops replays of a delivery it already
 * handled, and turns `validation.completed` into a ticket-shaped JSON document — the shape you
 * would POST to Jira's or ServiceNow's create-issue API. Other events are acknowledged and skipped.
 *
 * It imports the receiver library the way an application does: `flowcerta/webhooks`.
 * See README.md for how to run it and the environment it reads.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import path from 'node:path'
import { parseEvent, UnknownEventError, verifySignature } from 'flowcerta/webhooks'

const secrets = [process.env.FLOWCERTA_WEBHOOK_SECRET, process.env.FLOWCERTA_WEBHOOK_PREVIOUS_SECRET].filter(
  (secret) => typeof secret === 'string' && secret !== '',
)
if (secrets.length === 0) {
  console.error('set FLOWCERTA_WEBHOOK_SECRET to the secret Flowcerta returned when the webhook was created')
  process.exit(1)
}
const ticketsDir = path.resolve(process.env.TICKETS_DIR ?? 'tickets')
const dedupeFile = process.env.DEDUPE_FILE ?? ''
const dedupeMax = Number(process.env.DEDUPE_MAX ?? 10_000)
const publicUrl = (process.env.FLOWCERTA_PUBLIC_URL ?? '').replace(/\/+$/, '')
const maxBodyBytes = 1024 * 1024
mkdirSync(ticketsDir, { recursive: true })

/**
 * Delivery ids already handled, oldest first, at most `dedupeMax` (a Map keeps insertion order).
 * With DEDUPE_FILE set, ids are also appended to that file and the newest are reloaded on start,
 * so a restart does not forget them.
 */
const seen = new Map()
function remember(deliveryId) {
  seen.set(deliveryId, true)
  while (seen.size > dedupeMax) seen.delete(seen.keys().next().value)
}
if (dedupeFile !== '' && existsSync(dedupeFile)) {
  for (const line of readFileSync(dedupeFile, 'utf8').split('\n').slice(-dedupeMax)) {
    if (line !== '') remember(line)
  }
}

const PRIORITY = { critical: 'P1', high: 'P2', medium: 'P3', low: 'P4' }

/** A validation.completed event as a ticket: summary, priority, labels, description, link. */
function toTicket(event, deliveryId) {
  const { data } = event
  const worst = ['critical', 'high', 'medium', 'low'].find((severity) => data.summary[severity] > 0)
  const outcome = data.passed ? 'passed' : 'FAILED'
  const link = publicUrl === '' ? null : `${publicUrl}/results/${data.validationId}`
  const findingLines = data.findings.map(
    (finding) => `- [${finding.severity}] ${finding.ruleId} at ${finding.location}: ${finding.description}`,
  )
  const more = data.summary.total - data.findings.length
  return {
    source: 'flowcerta',
    externalId: data.validationId,
    deliveryId,
    summary: `[Flowcerta] ${data.fileName} ${outcome} with score ${data.score}/100`,
    priority: worst === undefined ? 'P5' : PRIORITY[worst],
    labels: [
      'flowcerta',
      data.platform,
      data.policyPackSlug,
      data.enforcementMode,
      data.passed ? 'passed' : 'failed',
    ],
    description: [
      `Validation of ${data.fileName}${data.label === null ? '' : ` (${data.label})`} ${outcome}.`,
      `Score ${data.score}/100 under ${data.policyPackSlug}, ${data.enforcementMode} mode.`,
      `Findings: ${data.summary.critical} critical, ${data.summary.high} high, ${data.summary.medium} medium, ${data.summary.low} low.`,
      ...findingLines,
      ...(more > 0 ? [`…and ${more} more (GET /api/v1/results/${data.validationId}).`] : []),
      ...(link === null ? [] : [`Result: ${link}`]),
    ].join('\n'),
    fields: {
      orgId: event.orgId,
      validationId: data.validationId,
      fileName: data.fileName,
      platform: data.platform,
      score: data.score,
      passed: data.passed,
      validatedAt: data.validatedAt,
      summary: data.summary,
    },
    link,
    createdAt: new Date().toISOString(),
  }
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') return answer(res, 405, { error: 'method_not_allowed' })
  const chunks = []
  let size = 0
  req.on('data', (chunk) => {
    size += chunk.length
    if (size <= maxBodyBytes) chunks.push(chunk)
  })
  req.on('end', () => {
    if (size > maxBodyBytes) return answer(res, 413, { error: 'body_too_large' })
    const rawBody = Buffer.concat(chunks)
    // 1. Verify over the raw bytes, before anything else.
    if (!verifySignature(rawBody, req.headers['x-flowcerta-signature'], secrets)) {
      console.log('rejected bad-signature')
      return answer(res, 401, { error: 'invalid_signature' })
    }
    // 2. Dedupe: a redelivery or retry carries the same X-Flowcerta-Delivery; acknowledge it again.
    const deliveryId = req.headers['x-flowcerta-delivery']
    if (typeof deliveryId !== 'string' || deliveryId === '')
      return answer(res, 400, { error: 'no_delivery_id' })
    if (seen.has(deliveryId)) {
      console.log(`duplicate ${deliveryId}`)
      return answer(res, 200, { duplicate: true })
    }
    // 3. Parse into a typed event.
    let event
    try {
      event = parseEvent(rawBody)
    } catch (error) {
      if (error instanceof UnknownEventError) {
        console.log(`ignored ${deliveryId} ${error.envelope.event}`)
        return answer(res, 200, { ignored: true })
      }
      console.log(`rejected ${deliveryId} ${error.code ?? 'invalid'}`)
      return answer(res, 400, { error: error.code ?? 'invalid_event' })
    }
    // 4. Act. Remember the id only once the ticket is written, so a failure is retried by Flowcerta.
    try {
      if (event.event === 'validation.completed') {
        const file = path.join(ticketsDir, `${deliveryId}.json`)
        writeFileSync(file, `${JSON.stringify(toTicket(event, deliveryId), null, 2)}\n`)
        console.log(`ticket ${deliveryId} ${file}`)
      } else {
        console.log(`ignored ${deliveryId} ${event.event}`)
      }
      remember(deliveryId)
      if (dedupeFile !== '') appendFileSync(dedupeFile, `${deliveryId}\n`)
    } catch (error) {
      console.error(`failed ${deliveryId} ${error}`)
      return answer(res, 500, { error: 'ticket_not_written' })
    }
    return answer(res, 200, { ok: true })
  })
})

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`)
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)))
