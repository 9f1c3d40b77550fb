/**
 * Starts the real webhook receivers of this folder as child processes on 127.0.0.1 and reads what
 * they accepted. Each receiver serves one secret (FLOWCERTA_WEBHOOK_SECRET, as in the spec), picks
 * a free port, prints `listening <port>`, and appends `<X-Flowcerta-Delivery> <X-Flowcerta-Event>`
 * to its RECEIVER_LOG file for every request it accepted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type RunningProcess, startProcess } from '../helpers/run-cli.js'

export const RECEIVERS_DIR = path.dirname(new URL(import.meta.url).pathname)

/** Debian's python3 with python3-flask; a pyenv python3 earlier on PATH would lack Flask. */
export const SYSTEM_PYTHON = '/usr/bin/python3'

export const RECEIVER_KINDS = Object.freeze(['express', 'flask', 'standardwebhooks', 'openssl'] as const)
export type ReceiverKind = (typeof RECEIVER_KINDS)[number]

/** Which header a receiver checks: the spec's X-Flowcerta-Signature, or the Standard Webhooks ones. */
export const RECEIVER_VERIFIES: Readonly<
  Record<ReceiverKind, 'x-flowcerta-signature' | 'standard-webhooks'>
> = Object.freeze({
  express: 'x-flowcerta-signature',
  flask: 'x-flowcerta-signature',
  standardwebhooks: 'standard-webhooks',
  openssl: 'x-flowcerta-signature',
})

const COMMANDS: Readonly<Record<ReceiverKind, { command: string; args: string[]; path: string }>> =
  Object.freeze({
    express: { command: process.execPath, args: ['express-receiver.cjs'], path: '/flowcerta-webhook' },
    flask: { command: SYSTEM_PYTHON, args: ['flask-receiver.py'], path: '/flowcerta-webhook' },
    standardwebhooks: { command: process.execPath, args: ['standardwebhooks-receiver.mjs'], path: '/' },
    openssl: { command: process.execPath, args: ['openssl-receiver.mjs'], path: '/' },
  })

export interface AcceptedDelivery {
  deliveryId: string
  event: string
}

export interface RunningReceiver {
  kind: ReceiverKind
  /** The URL to POST deliveries to. */
  url: string
  /** Every request accepted so far, in arrival order. */
  accepted(): AcceptedDelivery[]
  /** Resolves once at least `count` requests were accepted; rejects after `timeoutMs`. */
  waitForAccepted(count: number, timeoutMs?: number): Promise<AcceptedDelivery[]>
  /** stdout + stderr so far (for failure messages). */
  output(): string
  stop(): Promise<void>
}

/** Polls a condition until it holds (real processes: there is no event to wait on). */
export async function waitUntil(
  check: () => boolean,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

export async function startReceiver(kind: ReceiverKind, secret: string): Promise<RunningReceiver> {
  const dir = mkdtempSync(path.join(tmpdir(), `flowcerta-receiver-${kind}-`))
  const logFile = path.join(dir, 'accepted.log')
  const spec = COMMANDS[kind]
  const child: RunningProcess = startProcess(
    spec.command,
    spec.args.map((arg) => path.join(RECEIVERS_DIR, arg)),
    {
      FLOWCERTA_WEBHOOK_SECRET: secret,
      PORT: '0',
      RECEIVER_LOG: logFile,
      // Flask's dev server would otherwise buffer the `listening` line.
      PYTHONUNBUFFERED: '1',
    },
  )
  let port: string
  try {
    const match = await child.waitFor(/listening (\d+)/, 20_000)
    port = match[1]!
  } catch (error) {
    await child.stop()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const accepted = (): AcceptedDelivery[] => {
    let text: string
    try {
      text = readFileSync(logFile, 'utf8')
    } catch {
      return []
    }
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [deliveryId = '', event = ''] = line.split(' ')
        return { deliveryId, event }
      })
  }
  return {
    kind,
    url: `http://127.0.0.1:${port}${spec.path}`,
    accepted,
    waitForAccepted: async (count, timeoutMs = 30_000) => {
      await waitUntil(
        () => accepted().length >= count,
        timeoutMs,
        () => `${kind} receiver accepted ${accepted().length} of ${count}\n${child.output().slice(-2000)}`,
      )
      return accepted()
    },
    output: child.output,
    stop: async () => {
      await child.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface ReceiverStats {
  accepted: number
  rejected: number
  /** Requests not answered yet. */
  open: number
  /** Most requests open at once since the start. */
  maxOpen: number
}

/** One line of counting-receiver.mjs's log. */
export interface CountedDelivery {
  deliveryId: string
  /** Index of the webhook (its `/hook/<n>` path and secret). */
  hook: number
  /** Epoch ms (fractional) at which the body had fully arrived. */
  receivedAt: number
  /** `data.label` of the envelope (whitespace as `_`), or null. */
  label: string | null
  /** Epoch ms (fractional) at which the request's head had been parsed (its handler ran). */
  arrivedAt: number
}

export interface CountingReceiver {
  /** `http://127.0.0.1:<port>`; webhook n is at `${base}/hook/n`, a black hole at `${base}/blackhole/n`. */
  base: string
  hookUrl(index: number): string
  blackholeUrl(index: number): string
  stats(): Promise<ReceiverStats>
  /** Every accepted request so far (reads the log file). */
  deliveries(): CountedDelivery[]
  /** Resolves once at least `count` requests were accepted; rejects after `timeoutMs`. */
  waitForAccepted(count: number, timeoutMs: number): Promise<void>
  output(): string
  stop(): Promise<void>
}

/** Starts counting-receiver.mjs for the given secrets (webhook n ↔ secrets[n]). */
export async function startCountingReceiver(
  secrets: readonly string[],
  options: { delayMs?: number } = {},
): Promise<CountingReceiver> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowcerta-counting-receiver-'))
  const logFile = path.join(dir, 'accepted.log')
  const child = startProcess(process.execPath, [path.join(RECEIVERS_DIR, 'counting-receiver.mjs')], {
    RECEIVER_SECRETS: JSON.stringify(secrets),
    RECEIVER_LOG: logFile,
    RECEIVER_DELAY_MS: String(options.delayMs ?? 0),
    PORT: '0',
  })
  let base: string
  try {
    const match = await child.waitFor(/listening (\d+)/, 20_000)
    base = `http://127.0.0.1:${match[1]!}`
  } catch (error) {
    await child.stop()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const stats = async () => {
    const response = await fetch(`${base}/stats`)
    return (await response.json()) as ReceiverStats
  }
  return {
    base,
    hookUrl: (index) => `${base}/hook/${index}`,
    blackholeUrl: (index) => `${base}/blackhole/${index}`,
    stats,
    deliveries: () => {
      let text: string
      try {
        text = readFileSync(logFile, 'utf8')
      } catch {
        return []
      }
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const [deliveryId = '', hook = '', receivedAt = '', label = '-', arrivedAt = ''] = line.split(' ')
          return {
            deliveryId,
            hook: Number(hook),
            receivedAt: Number(receivedAt),
            label: label === '-' ? null : label,
            arrivedAt: Number(arrivedAt),
          }
        })
    },
    waitForAccepted: async (count, timeoutMs) => {
      const deadline = Date.now() + timeoutMs
      let last = await stats()
      while (last.accepted < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `timed out after ${timeoutMs} ms: counting receiver accepted ${last.accepted} of ${count} (rejected ${last.rejected})`,
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
        last = await stats()
      }
    },
    output: child.output,
    stop: async () => {
      await child.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
