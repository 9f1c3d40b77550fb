/**
 * The secret appears once — in the create and rotate responses — and never in reads, in the log
 * (even at trace level) or anywhere in the database: not in any table, and on SQLite not in the
 * bytes of the database file or its WAL.
 */
import { existsSync, readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/api/app.js'
import { createLogger } from '../../src/logging/create-logger.js'
import type { Database } from '../../src/store/database.js'
import { openTestApp, TEST_WEBHOOK_URL_POLICY, type TestApp, testHostResolver } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'

const TABLES: (keyof Database)[] = [
  'orgs',
  'users',
  'api_keys',
  'instance_flags',
  'validations',
  'idempotency_keys',
  'org_settings',
  'risk_exceptions',
  'events',
  'audit_log',
  'audit_chain_heads',
  'webhooks',
  'deliveries',
  'delivery_attempts',
]

/** The ways a secret could leak: the string, its base64 body, and its 32 raw bytes. */
function secretForms(secret: string): { text: string[]; bytes: Buffer[] } {
  const body = secret.slice('whsec_'.length)
  const raw = Buffer.from(body, 'base64')
  return {
    text: [secret, body, raw.toString('hex'), raw.toString('base64url')],
    bytes: [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), raw],
  }
}

describe.each(testEngines())('webhook secrets on %s', (engine) => {
  let t: TestApp
  const lines: string[] = []
  const secrets: string[] = []
  let id = ''

  beforeAll(async () => {
    t = await openTestApp(engine)
    // A second app on the same store and key, logging everything at trace level.
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const app = await buildApp({
      store: t.testStore.store,
      logger: createLogger('trace', sink),
      publicUrl: 'http://127.0.0.1:8080',
      clock: t.clock,
      secretKey: t.secretKey,
      webhookUrlPolicy: TEST_WEBHOOK_URL_POLICY,
      resolveHost: testHostResolver,
    })
    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${t.orgA.adminKey}` },
        ...(payload ? { payload } : {}),
      })
    try {
      const created = await call('POST', '/api/v1/org-webhooks', {
        url: 'https://hooks.example.com/',
        events: ['*'],
      })
      expect(created.statusCode).toBe(201)
      id = created.json().id
      secrets.push(created.json().secret)
      const rotated = await call('POST', `/api/v1/org-webhooks/${id}/rotate-secret`, {})
      expect(rotated.statusCode).toBe(200)
      secrets.push(rotated.json().secret)
      // Reads, a change, a failed change and the audit log: none may carry either secret.
      const reads = [
        await call('GET', `/api/v1/org-webhooks/${id}`),
        await call('GET', '/api/v1/org-webhooks'),
        await call('PATCH', `/api/v1/org-webhooks/${id}`, { description: 'secret test' }),
        await call('PATCH', `/api/v1/org-webhooks/${id}`, { secret: secrets[0] }),
        await call('GET', '/api/v1/audit-log?limit=200'),
        await call('GET', `/api/v1/org-webhooks/${id}/deliveries`),
      ]
      for (const res of reads) for (const secret of secrets) expect(res.body).not.toContain(secret)
    } finally {
      await app.close()
    }
  })
  afterAll(() => t.close())

  it('the create and rotate responses gave two different whsec_ secrets', () => {
    expect(secrets).toHaveLength(2)
    expect(secrets[0]).not.toBe(secrets[1])
    for (const secret of secrets) expect(secret).toMatch(/^whsec_/)
  })

  it('no log line holds a secret, in any spelling', () => {
    expect(lines.length).toBeGreaterThan(5)
    const log = lines.join('')
    for (const secret of secrets) for (const form of secretForms(secret).text) expect(log).not.toContain(form)
  })

  it('no table holds a secret, in any spelling', async () => {
    let dump = ''
    for (const table of TABLES) {
      const rows = await t.testStore.store.db.selectFrom(table).selectAll().execute()
      dump += JSON.stringify(rows)
    }
    expect(dump).toContain(id)
    for (const secret of secrets)
      for (const form of secretForms(secret).text) expect(dump).not.toContain(form)
  })

  it.runIf(engine === 'sqlite')('the database file and its WAL do not hold a secret’s bytes', async () => {
    const files = [t.testStore.databaseUrl, `${t.testStore.databaseUrl}-wal`].filter((file) =>
      existsSync(file),
    )
    expect(files.length).toBeGreaterThan(0)
    const bytes = Buffer.concat(files.map((file) => readFileSync(file)))
    // The webhook itself is there (so we are looking at the right file)…
    expect(bytes.includes(Buffer.from(id, 'utf8'))).toBe(true)
    // …but not its secrets.
    for (const secret of secrets)
      for (const form of secretForms(secret).bytes) expect(bytes.includes(form)).toBe(false)
  })
})
