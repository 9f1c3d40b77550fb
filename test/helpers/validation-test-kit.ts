/**
 * Shared pieces of the validation / results / events integration tests: corpus files, a real
 * multipart body, row counts read from the real store, and the check that every event an org has
 * in its outbox matches its JSON Schema (ajv, draft 2020-12) with the spec's key order.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterEach, beforeEach, expect } from 'vitest'
import { CORPUS_DIR, wrapWorkflow } from '../../src/analysis/rules/rule-test-kit.js'
import { EVENT_TYPES } from '../../src/domain/events/event-schemas.js'
import { listEvents, type StoredEvent } from '../../src/store/events.js'
import type { StoreEngine } from '../../src/store/store.js'
import { openTestApp, type TestApp } from './test-app.js'

/** A corpus file's raw bytes (BOM kept). */
export function corpusBytes(path: string): Buffer {
  return readFileSync(join(CORPUS_DIR, path))
}

/** Every file of a corpus project (paths inside it), for zipping and for the expected analysis. */
export function corpusProjectFiles(folder: string): Array<{ path: string; content: Buffer }> {
  const root = join(CORPUS_DIR, folder)
  const files: Array<{ path: string; content: Buffer }> = []
  const walk = (dir: string): void => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, item.name)
      if (item.isDirectory()) walk(full)
      else
        files.push({
          path: relative(root, full).split(sep).join('/'),
          content: readFileSync(full),
        })
    }
  }
  walk(root)
  return files.sort((a, b) => a.path.localeCompare(b.path))
}

/** 6 KB, 20+ findings with the baseline pack, fails it: more findings than an event carries. */
export const MANY_FINDINGS_FILE = 'flindersuni-rpa-lint/test/artefacts/dos.xaml'
/** The classic REFramework Main.xaml (UTF-8 BOM, 55 KB). */
export const REFRAMEWORK_MAIN = 'uipath-reframework-2019/Main.xaml'
/** A small file that passes the baseline pack. */
export const SMALL_FILE = 'flindersuni-rpa-lint/test/artefacts/uno.xaml'

/** A minimal well-formed workflow. */
export const MINIMAL_XAML =
  '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence DisplayName="Main" /></Activity>'

/** The spec's order of validation.completed's data keys. */
export const COMPLETED_DATA_KEYS = [
  'validationId',
  'platform',
  'fileName',
  'label',
  'passed',
  'score',
  'enforcementMode',
  'policyPackSlug',
  'validatedAt',
  'summary',
  'findings',
]
export const ENVELOPE_KEYS = ['event', 'orgId', 'occurredAt', 'data']
export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low']

/** A multipart/form-data body built by the platform's own FormData encoder. */
export async function multipartBody(
  parts: ({ name: string; value: string } | { name: string; fileName: string; content: Buffer | string })[],
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData()
  for (const part of parts) {
    if ('fileName' in part) form.append(part.name, new Blob([part.content]), part.fileName)
    else form.append(part.name, part.value)
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form })
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  }
}

export async function countValidations(t: TestApp, orgId?: string): Promise<number> {
  let query = t.testStore.store.db.selectFrom('validations').select((eb) => eb.fn.countAll<number>().as('n'))
  if (orgId !== undefined) query = query.where('org_id', '=', orgId)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function countEvents(t: TestApp): Promise<number> {
  const row = await t.testStore.store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Events of an org, oldest first. */
export async function orgEvents(t: TestApp, orgId: string, event?: string): Promise<StoredEvent[]> {
  return (await listEvents(t.testStore.store.db, { orgId, event, limit: 10_000 })).reverse()
}

const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats.default(ajv)
const validators = new Map(EVENT_TYPES.map((type) => [type.name, ajv.compile(type.schema)]))

/** Throws (a test failure) unless the envelope matches its event's schema. */
export function expectValidEnvelope(envelope: unknown): void {
  const name = (envelope as { event?: unknown }).event
  const validate = typeof name === 'string' ? validators.get(name) : undefined
  expect(validate, `no schema for event ${String(name)}`).toBeDefined()
  const ok = validate?.(envelope)
  expect(validate?.errors ?? [], JSON.stringify(envelope)).toEqual([])
  expect(ok).toBe(true)
}

/**
 * Every event row of both test orgs, and the whole events table, checked: schema, envelope key
 * order, data key order (validation.completed), stored columns agree with the envelope.
 */
export async function expectAllEventsValid(t: TestApp): Promise<number> {
  const rows = await t.testStore.store.db.selectFrom('events').selectAll().execute()
  for (const row of rows) {
    const envelope = JSON.parse(row.envelope_json)
    expectValidEnvelope(envelope)
    expect(Object.keys(envelope)).toEqual(ENVELOPE_KEYS)
    expect(envelope.event).toBe(row.event)
    expect(envelope.orgId).toBe(row.org_id)
    expect(Date.parse(envelope.occurredAt)).toBe(Number(row.occurred_at))
    if (envelope.event === 'validation.completed') {
      expect(Object.keys(envelope.data)).toEqual(COMPLETED_DATA_KEYS)
      expect(Object.keys(envelope.data.summary)).toEqual(['critical', 'high', 'medium', 'low', 'total'])
      for (const finding of envelope.data.findings) {
        expect(Object.keys(finding)).toEqual(['ruleId', 'severity', 'category', 'location', 'description'])
      }
    }
  }
  return rows.length
}

/** A workflow with `count` empty catches (FC-UIP-ERR-001, high, one per TryCatch). */
export function emptyCatches(count: number): string {
  const tryCatch = (n: number) => `  <TryCatch DisplayName="Try ${n}">
    <TryCatch.Try>
      <ui:LogMessage DisplayName="Log ${n}" Level="Info" Message="[&quot;step ${n}&quot;]" />
    </TryCatch.Try>
    <TryCatch.Catches>
      <Catch x:TypeArguments="s:Exception">
        <ActivityAction x:TypeArguments="s:Exception" />
      </Catch>
    </TryCatch.Catches>
  </TryCatch>
`
  return wrapWorkflow(
    `<Sequence DisplayName="Main">\n${Array.from({ length: count }, (_, i) => tryCatch(i + 1)).join('')}</Sequence>`,
  )
}

/**
 * In a describe block: a fresh test app on `engine` before each test (handed to `use`), and after
 * each, every event row checked (expectAllEventsValid) before the app closes.
 */
export function eachTestAppWithValidEvents(engine: StoreEngine, use: (app: TestApp) => void): void {
  let app: TestApp | undefined
  beforeEach(async () => {
    app = await openTestApp(engine)
    use(app)
  })
  afterEach(async () => {
    if (app === undefined) return
    try {
      await expectAllEventsValid(app)
    } finally {
      await app.close()
      app = undefined
    }
  })
}

/** A risk exception requested by org A's member for one finding and approved by its admin; its id. */
export async function approvedFindingException(
  t: TestApp,
  finding: { readonly ruleId: string; readonly fingerprint: string },
  fileName: string,
): Promise<string> {
  const requested = await t.request(t.orgA.memberKey, {
    method: 'POST',
    url: '/api/v1/exceptions',
    payload: {
      ruleId: finding.ruleId,
      fileName,
      fingerprint: finding.fingerprint,
      reason: 'Accepted for the test.',
      expiresAt: new Date(t.clock.now() + 7 * 24 * 3600 * 1000).toISOString(),
    },
  })
  if (requested.statusCode !== 201) throw new Error(`arrange failed: ${requested.body}`)
  const id = (requested.json() as { id: string }).id
  const approved = await t.request(t.orgA.adminKey, {
    method: 'POST',
    url: `/api/v1/exceptions/${id}/approve`,
  })
  if (approved.statusCode !== 200) throw new Error(`arrange failed: ${approved.body}`)
  return id
}
