/**
 * `flowcerta validate --server` end to end, on both engines: a real `flowcerta serve --role all`
 * (API and delivery workers in one process), a webhook created through the API, a real HTTP
 * receiver on 127.0.0.1, and the CLI as a child process. The receiver gets one signed
 * `validation.completed` per project the CLI sends — verified as docs/webhooks (the public spec)
 * says: `sha256=` + HMAC-SHA256 of the raw body under the webhook's secret, compared in constant
 * time — and its payload is the stored result the CLI reported; the CLI's exit code follows the
 * result (0 when it passes, 1 when a blocking pack fails it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../../src/analysis/rules/rule-test-kit.js'
import { copyTree } from '../helpers/copy-tree.js'
import { type RunningProcess, runCli } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import { type ReceivedRequest, startReceiver, type TestReceiver } from '../webhooks/delivery-test-kit.js'
import {
  adminApi,
  openSystemDatabase,
  type SystemDatabase,
  servedAddress,
  startServe,
  waitFor,
} from '../webhooks/system-test-kit.js'

interface JsonReport {
  results: Array<{
    fileName: string
    score: number
    passed: boolean
    findings: Array<{ ruleId: string; location: string; fingerprint: string }>
  }>
}

/** The spec's check: `sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time. */
function signatureValid(request: ReceivedRequest, secret: string): boolean {
  const header = request.headers['x-flowcerta-signature']
  const signature = Buffer.from(typeof header === 'string' ? header : '')
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`)
  return signature.length === expected.length && timingSafeEqual(signature, expected)
}

describe.each(testEngines())(
  'flowcerta validate --server with delivery to a real receiver on %s',
  (engine) => {
    let db: SystemDatabase
    let server: RunningProcess
    let base: string
    let receiver: TestReceiver
    let secret: string
    let webhookId: string
    let work: string

    const api = adminApi(
      () => db,
      () => base,
    )
    const validate = (folder: string, label: string) =>
      runCli(
        [
          'validate',
          folder,
          '--server',
          base,
          '--label',
          label,
          '--pack',
          'uipath-reframework-baseline',
          '--format',
          'json',
        ],
        { FLOWCERTA_API_KEY: db.adminKey },
      )

    beforeAll(async () => {
      db = await openSystemDatabase(engine)
      server = await startServe(db, 'all')
      base = servedAddress(server)
      receiver = await startReceiver()
      const created = await api('POST', '/api/v1/org-webhooks', {
        url: receiver.url,
        events: ['validation.completed'],
        description: 'CI receiver',
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      secret = created.body.secret
      webhookId = created.body.id
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcerta-validate-delivery-'))
    }, 120_000)

    afterAll(async () => {
      await receiver?.close()
      await server?.stop()
      await db?.cleanup()
      if (work !== undefined) fs.rmSync(work, { recursive: true, force: true })
    })

    /** Runs the CLI on `folder`, waits for the delivery it causes, checks both; returns the exit code. */
    const sendAndReceive = async (folder: string, label: string) => {
      const before = receiver.received.length
      const run = await validate(folder, label)
      expect([0, 1], run.stderr).toContain(run.code)
      const report = JSON.parse(run.stdout) as JsonReport
      expect(report.results).toHaveLength(1)
      const result = report.results[0]!
      await waitFor(
        () => receiver.received.length > before,
        () => `no delivery for ${label}`,
        60_000,
      )
      // One project, one validation, one delivery: nothing else arrives for it.
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(receiver.received.length).toBe(before + 1)
      const delivery = receiver.received[before]!
      expect(delivery.headers['x-flowcerta-event']).toBe('validation.completed')
      expect(delivery.headers['content-type']).toMatch(/^application\/json/)
      expect(signatureValid(delivery, secret)).toBe(true)
      expect(signatureValid(delivery, `${secret}x`)).toBe(false)
      const envelope = JSON.parse(delivery.body.toString('utf8'))
      expect(envelope).toMatchObject({ event: 'validation.completed', orgId: db.orgId })
      const stored = await api('GET', `/api/v1/results/${envelope.data.validationId}`)
      expect(stored.status).toBe(200)
      expect(envelope.data).toMatchObject({
        fileName: `${path.basename(folder)}.zip`,
        label,
        score: result.score,
        passed: result.passed,
        policyPackSlug: 'uipath-reframework-baseline',
      })
      expect(stored.body).toMatchObject({
        fileName: `${path.basename(folder)}.zip`,
        label,
        score: result.score,
      })
      // The payload's top findings are the result's, located `<path in project>:<line>`.
      const reported = new Set(result.findings.map((finding) => `${finding.ruleId} ${finding.location}`))
      expect(envelope.data.findings.length).toBeGreaterThan(0)
      for (const finding of envelope.data.findings as Array<{ ruleId: string; location: string }>) {
        expect(reported.has(`${finding.ruleId} ${finding.location}`), finding.location).toBe(true)
        expect(finding.location).toMatch(/^[^:]+\.(xaml|json):\d+$/)
      }
      const deliveries = await api('GET', `/api/v1/org-webhooks/${webhookId}/deliveries?limit=200`)
      expect(deliveries.body.items.map((item: { id: string }) => item.id)).toContain(
        delivery.headers['x-flowcerta-delivery'],
      )
      return { code: run.code, passed: result.passed }
    }

    it('a passing project: exit 0, one signed delivery whose payload is the stored result', async () => {
      const project = path.join(work, 'ReFramework')
      copyTree(path.join(CORPUS_DIR, 'uipath-reframework-2019'), project)
      expect(await sendAndReceive(project, 'main')).toEqual({ code: 0, passed: true })
    }, 120_000)

    it('a project the blocking pack fails: exit 1, and the delivery still arrives, signed', async () => {
      const project = path.join(work, 'Invoices')
      fs.mkdirSync(project)
      fs.copyFileSync(
        path.join(
          CORPUS_DIR,
          'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices/ACME/ACME_AddInvoiceDetails.xaml',
        ),
        path.join(project, 'Main.xaml'),
      )
      fs.writeFileSync(
        path.join(project, 'project.json'),
        JSON.stringify({ name: 'Invoices', main: 'Main.xaml', dependencies: {} }, null, 2),
      )
      expect(await sendAndReceive(project, 'feature')).toEqual({ code: 1, passed: false })
    }, 120_000)
  },
)
