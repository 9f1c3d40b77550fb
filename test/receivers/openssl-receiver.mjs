/*
 * The shell receiver: a minimal HTTP front that hands every request body to openssl-verify.sh,
 * where `openssl dgst -sha256 -hmac "$FLOWCERTA_WEBHOOK_SECRET"` computes the HMAC (Node computes
 * nothing here). Exit 0 from the script → 200, anything else → 401.
 *
 * Environment: FLOWCERTA_WEBHOOK_SECRET (inherited by the script), PORT (0 = any free port),
 * RECEIVER_LOG (file that gets one line `<X-Flowcerta-Delivery> <X-Flowcerta-Event>` per 200).
 * Prints `listening <port>` on stdout once it accepts connections.
 */
import { spawn } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'

const verifyScript = fileURLToPath(new URL('./openssl-verify.sh', import.meta.url))
const receiverLog = process.env.RECEIVER_LOG

/** Runs the script with the body on stdin; resolves true when it exits 0. */
function verifyWithOpenssl(body, signature) {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', [verifyScript, signature], { stdio: ['pipe', 'ignore', 'inherit'] })
    child.on('error', () => resolve(false))
    child.on('close', (code) => resolve(code === 0))
    child.stdin.end(body)
  })
}

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', async () => {
    const signature = String(req.headers['x-flowcerta-signature'] ?? '')
    const valid = await verifyWithOpenssl(Buffer.concat(chunks), signature)
    if (!valid) {
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
