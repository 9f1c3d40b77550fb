import { describe, expect, it } from 'vitest'
import { analyzeWorkflow } from '../../src/analysis/analyze.js'
import type { TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  COMPLETED_DATA_KEYS,
  corpusBytes,
  countEvents,
  countValidations,
  eachTestAppWithValidEvents,
  MANY_FINDINGS_FILE,
  MINIMAL_XAML,
  multipartBody,
  orgEvents,
  REFRAMEWORK_MAIN,
  SMALL_FILE,
} from '../helpers/validation-test-kit.js'

const URL = '/api/v1/validations'
const PUBLIC_URL = 'http://127.0.0.1:8080'
const MiB = 1024 * 1024
const DAY = 24 * 60 * 60 * 1000

interface ApiFinding {
  ruleId: string
  severity: string
  location: string
  line: number
  column: number
  activity: string
  recommendation: string
  docsUrl: string
  waived: boolean
  exceptionId: string | null
}

describe.each(testEngines())('POST /api/v1/validations on %s', (engine) => {
  let t: TestApp
  eachTestAppWithValidEvents(engine, (app) => {
    t = app
  })

  const submitJson = (
    payload: object | string,
    headers: Record<string, string> = {},
    key = t.orgA.memberKey,
  ) =>
    t.request(key, {
      method: 'POST',
      url: URL,
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    })

  async function expectNothingStored(): Promise<void> {
    expect(await countValidations(t)).toBe(0)
    expect(await countEvents(t)).toBe(0)
  }

  /** What the API must return for a file, computed by the analyzer itself. */
  function expectedResult(content: Buffer, fileName: string, packSlug = 'uipath-reframework-baseline') {
    return analyzeWorkflow({ content, fileName, packSlug })
  }

  it('JSON {fileName, content} → 201 with the full result, equal to the analyzer on the same file and pack', async () => {
    const bytes = corpusBytes(MANY_FINDINGS_FILE)
    const res = await submitJson({
      fileName: 'dos.xaml',
      content: bytes.toString('utf8'),
      label: 'release-1',
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    const expected = expectedResult(bytes, 'dos.xaml')
    expect(expected.findings.length).toBeGreaterThan(10)

    expect(body).toEqual({
      validationId: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      platform: 'uipath',
      fileName: 'dos.xaml',
      label: 'release-1',
      passed: expected.passed,
      score: expected.score,
      enforcementMode: expected.enforcementMode,
      policyPackSlug: 'uipath-reframework-baseline',
      validatedAt: '2026-05-15T18:00:00.000Z',
      summary: { ...expected.summary },
      findings: expected.findings.map((finding) => ({
        ruleId: finding.ruleId,
        severity: finding.severity,
        category: finding.category,
        location: finding.location,
        description: finding.description,
        line: finding.line,
        column: finding.column,
        activity: finding.activity,
        message: finding.message,
        recommendation: finding.recommendation,
        docsUrl: finding.docsUrl,
        waived: false,
        exceptionId: null,
        fingerprint: finding.fingerprint,
        // The first validation of this file name and label: every finding is new.
        isNew: true,
      })),
      ruleErrors: [],
      submittedByEmail: 'member@org-a.test',
      contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      sizeBytes: bytes.length,
      resultUrl: `${PUBLIC_URL}/results/${body.validationId}`,
      // A single file: no project, nothing earlier to compare with.
      projectName: null,
      comparedWith: null,
      project: null,
    })
    // The spec's fields come first, in the spec's order.
    expect(Object.keys(body).slice(0, COMPLETED_DATA_KEYS.length)).toEqual(COMPLETED_DATA_KEYS)
    for (const finding of body.findings as ApiFinding[]) {
      expect(finding.line).toBeGreaterThan(0)
      expect(finding.column).toBeGreaterThan(0)
      expect(finding.activity.length).toBeGreaterThan(0)
      expect(finding.recommendation.length).toBeGreaterThan(0)
      expect(finding.docsUrl).toBe(`${PUBLIC_URL}/docs/rules/${finding.ruleId}`)
      expect(finding.location).toBe(`dos.xaml:${finding.line}`)
    }

    // Stored once and read back unchanged.
    const again = await t.request(t.orgA.memberKey, {
      method: 'GET',
      url: `/api/v1/results/${body.validationId}`,
    })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(body)
    expect(again.body).toBe(res.body)
    expect(await countValidations(t, t.orgA.orgId)).toBe(1)
    expect(await orgEvents(t, t.orgA.orgId, 'validation.completed')).toHaveLength(1)
  })

  it('JSON {fileName, contentBase64} reads the raw bytes (UTF-8 BOM kept) → 201, same result as the analyzer', async () => {
    const bytes = corpusBytes(REFRAMEWORK_MAIN)
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const res = await submitJson({ fileName: 'Main.xaml', contentBase64: bytes.toString('base64') })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    const expected = expectedResult(bytes, 'Main.xaml')
    expect(body).toMatchObject({
      platform: 'uipath',
      fileName: 'Main.xaml',
      label: null,
      score: expected.score,
      passed: expected.passed,
      summary: { ...expected.summary },
      sizeBytes: bytes.length,
    })
    expect(body.findings.map((f: ApiFinding) => [f.ruleId, f.line, f.column])).toEqual(
      expected.findings.map((f) => [f.ruleId, f.line, f.column]),
    )
  })

  it('multipart/form-data (file, label, policyPack) → 201 with that label and pack', async () => {
    const bytes = corpusBytes(MANY_FINDINGS_FILE)
    const { payload, headers } = await multipartBody([
      { name: 'label', value: 'nightly' },
      { name: 'policyPack', value: 'uipath-general' },
      { name: 'file', fileName: 'Process.xaml', content: bytes },
    ])
    const res = await t.request(t.orgA.memberKey, { method: 'POST', url: URL, payload, headers })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    const expected = expectedResult(bytes, 'Process.xaml', 'uipath-general')
    expect(body).toMatchObject({
      fileName: 'Process.xaml',
      label: 'nightly',
      policyPackSlug: 'uipath-general',
      score: expected.score,
      passed: expected.passed,
      summary: { ...expected.summary },
      sizeBytes: bytes.length,
      resultUrl: `${PUBLIC_URL}/results/${body.validationId}`,
    })
    expect(body.findings).toHaveLength(expected.findings.length)
    const stored = await t.request(t.orgA.adminKey, {
      method: 'GET',
      url: `/api/v1/results/${body.validationId}`,
    })
    expect(stored.json()).toEqual(body)
  })

  it('the platform comes from the extension (case-insensitive); an explicit "uipath" is accepted', async () => {
    const upper = await submitJson({ fileName: 'MAIN.XAML', content: MINIMAL_XAML })
    expect(upper.statusCode).toBe(201)
    expect(upper.json().platform).toBe('uipath')
    const explicit = await submitJson({ fileName: 'Main.xaml', content: MINIMAL_XAML, platform: 'uipath' })
    expect(explicit.statusCode).toBe(201)
  })

  it.each([
    ['a .txt file', { fileName: 'notes.txt', content: MINIMAL_XAML }, 'fileName'],
    ['no extension', { fileName: 'Main', content: MINIMAL_XAML }, 'fileName'],
    [
      'platform "blueprism"',
      { fileName: 'Main.xaml', content: MINIMAL_XAML, platform: 'blueprism' },
      'platform',
    ],
  ])('%s → 422 UNSUPPORTED_PLATFORM, nothing stored', async (_label, payload, field) => {
    const res = await submitJson(payload)
    expect(res.statusCode).toBe(422)
    expect(res.json().error).toMatchObject({
      code: 'UNSUPPORTED_PLATFORM',
      details: [{ field, reason: expect.any(String) }],
    })
    await expectNothingStored()
  })

  it('malformed XAML → 422 XAML_PARSE_ERROR with line and column, and nothing stored (no row, no event)', async () => {
    const broken =
      '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities">\n  <Sequence>\n    <Assign>\n  </Sequence>\n</Activity>'
    const res = await submitJson({ fileName: 'Broken.xaml', content: broken })
    expect(res.statusCode).toBe(422)
    const error = res.json().error
    expect(error.code).toBe('XAML_PARSE_ERROR')
    expect(error.details).toEqual([
      { reason: expect.any(String), line: expect.any(Number), column: expect.any(Number) },
    ])
    expect(error.details[0].line).toBe(4)
    await expectNothingStored()

    // A truncated real file too.
    const truncated = corpusBytes(REFRAMEWORK_MAIN).subarray(0, 20_000)
    const cut = await submitJson({ fileName: 'Main.xaml', contentBase64: truncated.toString('base64') })
    expect(cut.statusCode).toBe(422)
    expect(cut.json().error.code).toBe('XAML_PARSE_ERROR')
    expect(cut.json().error.details[0].line).toBeGreaterThan(1)
    await expectNothingStored()
  })

  it('DOCTYPE / external entity (XXE) → 422 XAML_DTD_FORBIDDEN, nothing stored', async () => {
    const xxe =
      '<?xml version="1.0"?>\n<!DOCTYPE Activity [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' +
      '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence DisplayName="&xxe;" /></Activity>'
    const res = await submitJson({ fileName: 'Evil.xaml', content: xxe })
    expect(res.statusCode).toBe(422)
    expect(res.json().error.code).toBe('XAML_DTD_FORBIDDEN')
    expect(res.body).not.toContain('root:')
    await expectNothingStored()
  })

  it('a Dataverse classic workflow (.xaml of another product) → 422 UNSUPPORTED_PLATFORM, nothing stored', async () => {
    const dataverse =
      '<Activity x:Class="XrmWorkflow1" xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities" xmlns:mxswa="clr-namespace:Microsoft.Xrm.Sdk.Workflow.Activities;assembly=Microsoft.Xrm.Sdk.Workflow" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml">\n' +
      '  <mxswa:Workflow>\n    <mxswa:ActivityReference DisplayName="ConditionStep1" />\n  </mxswa:Workflow>\n</Activity>'
    const res = await submitJson({
      fileName: 'IsCancellationRuleSetOverrideApprover.xaml',
      content: dataverse,
    })
    expect(res.statusCode).toBe(422)
    expect(res.json().error.code).toBe('UNSUPPORTED_PLATFORM')
    expect(res.json().error.message).toContain('Dataverse')
    await expectNothingStored()
  })

  it.each([
    ['binary bytes', Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x80, 0x81, 0x00, 0x7f, 0xc3, 0x28, 0x90, 0x00])],
    ['a PNG header', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
    ['plain text', Buffer.from('hello, this is not XML at all')],
    ['JSON', Buffer.from('{"not":"xaml"}')],
    ['XML that is not a workflow', Buffer.from('<?xml version="1.0"?><project><name>x</name></project>')],
    ['an empty file', Buffer.alloc(0)],
  ])('%s → 422 with an XAML_* code, nothing stored', async (_label, bytes) => {
    const res = await submitJson({ fileName: 'Data.xaml', contentBase64: bytes.toString('base64') })
    expect(res.statusCode).toBe(422)
    expect(res.json().error.code).toMatch(/^XAML_(PARSE_ERROR|ENCODING_ERROR|NOT_WORKFLOW)$/)
    await expectNothingStored()
  })

  it('a file over 10 MiB → 413 as JSON text, as base64 and as multipart; nothing stored', async () => {
    const huge = `${MINIMAL_XAML}${' '.repeat(10 * MiB)}`
    const asText = await submitJson({ fileName: 'Huge.xaml', content: huge })
    expect(asText.statusCode).toBe(413)
    expect(asText.json().error.code).toMatch(/^(XAML_TOO_LARGE|PAYLOAD_TOO_LARGE)$/)

    const asBase64 = await submitJson({
      fileName: 'Huge.xaml',
      contentBase64: Buffer.from(huge).toString('base64'),
    })
    expect(asBase64.statusCode).toBe(413)

    const { payload, headers } = await multipartBody([{ name: 'file', fileName: 'Huge.xaml', content: huge }])
    const asMultipart = await t.request(t.orgA.memberKey, { method: 'POST', url: URL, payload, headers })
    expect(asMultipart.statusCode).toBe(413)
    expect(asMultipart.json().error.code).toMatch(/^(XAML_TOO_LARGE|PAYLOAD_TOO_LARGE)$/)
    await expectNothingStored()

    // Exactly 10 MiB of multibyte text is over the limit in bytes even though it is fewer characters.
    const multibyte = `${MINIMAL_XAML}<!--${'é'.repeat(5 * MiB + 1)}-->`
    const mb = await submitJson({ fileName: 'Wide.xaml', content: multibyte })
    expect(mb.statusCode).toBe(413)
    await expectNothingStored()
  })

  it('an unknown policyPack → 422 UNKNOWN_POLICY_PACK (JSON and multipart), nothing stored', async () => {
    const res = await submitJson({ fileName: 'Main.xaml', content: MINIMAL_XAML, policyPack: 'no-such-pack' })
    expect(res.statusCode).toBe(422)
    expect(res.json().error).toMatchObject({
      code: 'UNKNOWN_POLICY_PACK',
      details: [{ field: 'policyPack', reason: 'is not a policy pack', value: 'no-such-pack' }],
    })
    const { payload, headers } = await multipartBody([
      { name: 'file', fileName: 'Main.xaml', content: MINIMAL_XAML },
      { name: 'policyPack', value: 'no-such-pack' },
    ])
    const multi = await t.request(t.orgA.memberKey, { method: 'POST', url: URL, payload, headers })
    expect(multi.statusCode).toBe(422)
    expect(multi.json().error.code).toBe('UNKNOWN_POLICY_PACK')
    await expectNothingStored()
  })

  it.each([
    ['fileName of the wrong type', 'body.fileName', { fileName: 1, content: MINIMAL_XAML }],
    ['content of the wrong type', 'body.content', { fileName: 'Main.xaml', content: 42 }],
    ['label of the wrong type', 'body.label', { fileName: 'Main.xaml', content: MINIMAL_XAML, label: true }],
    [
      'policyPack of the wrong type',
      'body.policyPack',
      { fileName: 'Main.xaml', content: MINIMAL_XAML, policyPack: ['x'] },
    ],
    ['an unknown field', 'body.owner', { fileName: 'Main.xaml', content: MINIMAL_XAML, owner: 'me' }],
    ['no fileName', 'body.fileName', { content: MINIMAL_XAML }],
    ['an empty fileName', 'body.fileName', { fileName: '', content: MINIMAL_XAML }],
    [
      'both content and contentBase64',
      'body.content',
      { fileName: 'Main.xaml', content: MINIMAL_XAML, contentBase64: 'PEE+' },
    ],
    ['neither content nor contentBase64', 'body.content', { fileName: 'Main.xaml' }],
    [
      'contentBase64 that is not base64',
      'body.contentBase64',
      { fileName: 'Main.xaml', contentBase64: '<Activity/>' },
    ],
    ['an array body', 'body', []],
  ])('%s → 400 VALIDATION_FAILED naming %s, nothing stored', async (_label, field, payload) => {
    const res = await submitJson(payload)
    expect(res.statusCode).toBe(400)
    const error = res.json().error
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    expect(error.message).toContain(field)
    await expectNothingStored()
  })

  it.each([
    [
      'an unknown field',
      [
        { name: 'file', fileName: 'Main.xaml', content: MINIMAL_XAML },
        { name: 'owner', value: 'me' },
      ],
      'body.owner',
    ],
    [
      'a second file',
      [
        { name: 'file', fileName: 'Main.xaml', content: MINIMAL_XAML },
        { name: 'file', fileName: 'Other.xaml', content: MINIMAL_XAML },
      ],
      'body.file',
    ],
    [
      'a file in another field',
      [{ name: 'attachment', fileName: 'Main.xaml', content: MINIMAL_XAML }],
      'body.attachment',
    ],
    ['no file', [{ name: 'label', value: 'x' }], 'body.file'],
    [
      'an empty label',
      [
        { name: 'file', fileName: 'Main.xaml', content: MINIMAL_XAML },
        { name: 'label', value: '' },
      ],
      'body.label',
    ],
  ])('multipart with %s → 400 VALIDATION_FAILED, nothing stored', async (_label, parts, field) => {
    const { payload, headers } = await multipartBody(parts)
    const res = await t.request(t.orgA.memberKey, { method: 'POST', url: URL, payload, headers })
    expect(res.statusCode).toBe(400)
    const error = res.json().error
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    await expectNothingStored()
  })

  it('needs an API key (401) and accepts members and admins', async () => {
    const anonymous = await t.request(null, {
      method: 'POST',
      url: URL,
      payload: { fileName: 'a.xaml', content: MINIMAL_XAML },
    })
    expect(anonymous.statusCode).toBe(401)
    expect(
      (await submitJson({ fileName: 'a.xaml', content: MINIMAL_XAML }, {}, t.orgA.adminKey)).statusCode,
    ).toBe(201)
    expect(
      (await submitJson({ fileName: 'a.xaml', content: MINIMAL_XAML }, {}, t.orgB.memberKey)).statusCode,
    ).toBe(201)
    expect(await countValidations(t, t.orgA.orgId)).toBe(1)
    expect(await countValidations(t, t.orgB.orgId)).toBe(1)
  })

  it("without policyPack the org's defaultPolicyPack is used, and changing it changes the next validation", async () => {
    const bytes = corpusBytes(MANY_FINDINGS_FILE)
    const first = await submitJson({ fileName: 'dos.xaml', content: bytes.toString('utf8') })
    expect(first.json().policyPackSlug).toBe('uipath-reframework-baseline')

    const patch = await t.request(t.orgA.adminKey, {
      method: 'PATCH',
      url: '/api/v1/org-settings',
      payload: { defaultPolicyPack: 'uipath-security' },
    })
    expect(patch.statusCode).toBe(200)
    const second = await submitJson({ fileName: 'dos.xaml', content: bytes.toString('utf8') })
    expect(second.statusCode).toBe(201)
    const expected = expectedResult(bytes, 'dos.xaml', 'uipath-security')
    expect(second.json()).toMatchObject({
      policyPackSlug: 'uipath-security',
      score: expected.score,
      summary: { ...expected.summary },
    })
    // An explicit pack still wins, and org B keeps its own default.
    const explicit = await submitJson({
      fileName: 'dos.xaml',
      content: bytes.toString('utf8'),
      policyPack: 'uipath-general',
    })
    expect(explicit.json().policyPackSlug).toBe('uipath-general')
    const other = await submitJson(
      { fileName: 'dos.xaml', content: bytes.toString('utf8') },
      {},
      t.orgB.memberKey,
    )
    expect(other.json().policyPackSlug).toBe('uipath-reframework-baseline')
  })

  describe('Idempotency-Key', () => {
    const body = () => ({
      fileName: 'uno.xaml',
      content: corpusBytes(SMALL_FILE).toString('utf8'),
      label: 'ci',
    })

    it('the same key and request within 24 h replay the first result: same id, header, no second row or event', async () => {
      const first = await submitJson(body(), { 'idempotency-key': 'build-42' })
      expect(first.statusCode).toBe(201)
      expect(first.headers['idempotent-replayed']).toBeUndefined()

      t.clock.advance(DAY - 1000)
      const second = await submitJson(body(), { 'idempotency-key': 'build-42' })
      expect(second.statusCode).toBe(201)
      expect(second.headers['idempotent-replayed']).toBe('true')
      expect(second.json()).toEqual(first.json())
      expect(await countValidations(t)).toBe(1)
      expect(await countEvents(t)).toBe(1)

      // Another org's identical key is its own key.
      const otherOrg = await submitJson(body(), { 'idempotency-key': 'build-42' }, t.orgB.memberKey)
      expect(otherOrg.statusCode).toBe(201)
      expect(otherOrg.headers['idempotent-replayed']).toBeUndefined()
      expect(otherOrg.json().validationId).not.toBe(first.json().validationId)
    })

    it('the same key with a different request → 422 IDEMPOTENCY_KEY_REUSED, nothing stored', async () => {
      const first = await submitJson(body(), { 'idempotency-key': 'build-43' })
      expect(first.statusCode).toBe(201)
      for (const changed of [
        { ...body(), content: MINIMAL_XAML },
        { ...body(), label: 'other' },
        { ...body(), fileName: 'dos.xaml' },
        { ...body(), policyPack: 'uipath-general' },
      ]) {
        const res = await submitJson(changed, { 'idempotency-key': 'build-43' })
        expect(res.statusCode).toBe(422)
        expect(res.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED')
      }
      expect(await countValidations(t)).toBe(1)
      expect(await countEvents(t)).toBe(1)
    })

    it('after 24 h the key starts afresh: a new validation', async () => {
      const first = await submitJson(body(), { 'idempotency-key': 'build-44' })
      t.clock.advance(DAY)
      const later = await submitJson(body(), { 'idempotency-key': 'build-44' })
      expect(later.statusCode).toBe(201)
      expect(later.headers['idempotent-replayed']).toBeUndefined()
      expect(later.json().validationId).not.toBe(first.json().validationId)
      expect(later.json().validatedAt).toBe(new Date(t.clock.now()).toISOString())
      expect(await countValidations(t)).toBe(2)
      expect(await countEvents(t)).toBe(2)

      // ...and the renewed key replays the new result, not the old one.
      const replay = await submitJson(body(), { 'idempotency-key': 'build-44' })
      expect(replay.headers['idempotent-replayed']).toBe('true')
      expect(replay.json().validationId).toBe(later.json().validationId)
    })

    it('concurrent requests with the same key make one validation; all answer with it', async () => {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => submitJson(body(), { 'idempotency-key': 'build-45' })),
      )
      for (const res of responses) expect(res.statusCode).toBe(201)
      const ids = new Set(responses.map((res) => res.json().validationId))
      expect(ids.size).toBe(1)
      expect(responses.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(19)
      expect(await countValidations(t)).toBe(1)
      expect(await countEvents(t)).toBe(1)
    })

    it('a key that is too long → 400 naming the header', async () => {
      const res = await submitJson(body(), { 'idempotency-key': 'k'.repeat(201) })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.details[0].field).toBe('headers.idempotency-key')
      await expectNothingStored()
    })
  })
})
