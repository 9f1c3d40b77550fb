// biome-ignore-all format: the SPEC block must stay byte-for-byte as published
// biome-ignore-all lint: the SPEC block must stay byte-for-byte as published
/*
 * The Node.js receiver from spec/webhooks.txt, run as a real process by the webhook tests.
 *
 * The block between the SPEC markers is the spec's code exactly as published (CommonJS, hence
 * .cjs). Around it only the scaffolding a user would add: the Express app, the port, and a
 * record of what was accepted so the tests can count.
 *
 * Environment: FLOWCERTA_WEBHOOK_SECRET (as in the spec), PORT (0 = any free port),
 * RECEIVER_LOG (file that gets one line `<X-Flowcerta-Delivery> <X-Flowcerta-Event>` per 200).
 * Prints `listening <port>` on stdout once it accepts connections.
 */
const fs = require('node:fs')
const express = require('express')

const app = express()
const receiverLog = process.env.RECEIVER_LOG

// Records each request the spec's handler answered with 200. Registered before the handler so
// that the handler itself stays byte-for-byte the spec's.
app.use((req, res, next) => {
  res.on('finish', () => {
    if (res.statusCode === 200 && receiverLog) {
      fs.appendFileSync(
        receiverLog,
        `${req.header('X-Flowcerta-Delivery') ?? ''} ${req.header('X-Flowcerta-Event') ?? ''}\n`,
      )
    }
  })
  next()
})

// ---- SPEC: spec/webhooks.txt, "Verify the signature", Node.js ----
const crypto = require('crypto')

// Inside your webhook handler (Express)
app.post('/flowcerta-webhook', express.raw({ type: 'application/json' }), (req, res) => {
  const signature = req.header('X-Flowcerta-Signature') ?? ''
  const expected = 'sha256=' + crypto
    .createHmac('sha256', process.env.FLOWCERTA_WEBHOOK_SECRET)
    .update(req.body)
    .digest('hex')

  if (!crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    return res.status(401).end()
  }

  const event = JSON.parse(req.body.toString('utf8'))
  console.log(event.event, event.data)
  res.status(200).end()
})
// ---- end SPEC ----

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`)
})
