/*
 * A receiver that verifies only the Standard Webhooks headers (webhook-id, webhook-timestamp,
 * webhook-signature) with the `standardwebhooks` npm library — what a team using any Standard
 * Webhooks library would write. Same secret string as the X-Flowcerta-Signature receivers: the
 * library decodes the `whsec_` form itself. Its 5-minute timestamp tolerance applies, so the
 * sender must sign with the real clock.
 *
 * Environment: FLOWCERTA_WEBHOOK_SECRET, PORT (0 = any free port), RECEIVER_LOG (file that gets
 * one line `<X-Flowcerta-Delivery> <X-Flowcerta-Event>` per accepted request).
 * Prints `listening <port>` on stdout once it accepts connections.
 */
import { appendFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { Webhook } from 'standardwebhooks'

const webhook = new Webhook(process.env.FLOWCERTA_WEBHOOK_SECRET ?? '')
const receiverLog = process.env.RECEIVER_LOG

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8')
    try {
      // Throws WebhookVerificationError on a missing header, a bad signature or a stale timestamp.
      webhook.verify(body, req.headers)
    } catch {
      res.writeHead(401).end()
      return
    }
    if (receiverLog) {
      appendFileSync(
        receiverLog,
        `${req.headers['x-flowcerta-delivery'] ?? ''} ${req.headers['x-flowcerta-event'] ?? ''}\n`,
      )
    }
    res.writeHead(200).end()
  })
})

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`)
})
