/**
 * Regression tests for what a hostile probe found on POST /api/v1/validations (issue 10, "What was
 * found" 1, 4 and 10): malformed bodies answered 500, a multipart file name skipped the
 * control-character rule that JSON `fileName` has, and a 413 did not say the limit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MAX_WORKFLOW_BYTES } from '../../src/api/routes/validations/submission-fields.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { countEvents, countValidations, MINIMAL_XAML, multipartBody } from '../helpers/validation-test-kit.js'

const URL = '/api/v1/validations'

/** A hand-written multipart body: one file part, closed properly unless the caller cuts it. */
function filePart(boundary: string, fileName = 'Main.xaml', content = MINIMAL_XAML): string {
  return (
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n' +
    `${content}\r\n`
  )
}
const closedForm = (boundary: string, fileName?: string) =>
  `${filePart(boundary, fileName)}--${boundary}--\r\n`

describe.each(testEngines())('POST /api/v1/validations with malformed requests on %s', (engine) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(engine)
  })
  afterAll(() => t.close())

  const post = (headers: Record<string, string>, payload?: string | Buffer) =>
    t.request(t.orgA.memberKey, {
      method: 'POST',
      url: URL,
      headers,
      ...(payload === undefined ? {} : { payload }),
    })

  // Each case must leave nothing behind; count from zero so a stored row shows up as the culprit.
  beforeEach(async () => {
    await t.testStore.store.db.deleteFrom('validations').execute()
    await t.testStore.store.db.deleteFrom('events').execute()
  })
  async function expectNothingStored(): Promise<void> {
    expect(await countValidations(t)).toBe(0)
    expect(await countEvents(t)).toBe(0)
  }

  /** A 4xx with the one error body: the code, a message naming the field, details `[{field, reason}]`. */
  function expectProblem(
    res: Awaited<ReturnType<typeof post>>,
    status: number,
    code: string,
    field: string,
    reason: RegExp,
  ): void {
    expect(res.statusCode, res.body).toBe(status)
    const error = res.json().error
    expect(error.code).toBe(code)
    expect(error.message).toContain(field)
    expect(Array.isArray(error.details)).toBe(true)
    expect(error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, reason: expect.stringMatching(reason) })]),
    )
  }

  describe('no body, and bodies of the wrong type', () => {
    it('no body and no Content-Type (curl -X POST) → 400 VALIDATION_FAILED naming body, not a 500', async () => {
      const res = await post({})
      expectProblem(res, 400, 'VALIDATION_FAILED', 'body', /is required.*multipart\/form-data.*JSON/)
      await expectNothingStored()
    })

    it('Content-Type: application/json with no body → 400 INVALID_JSON', async () => {
      const res = await post({ 'content-type': 'application/json' })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('INVALID_JSON')
      await expectNothingStored()
    })

    it.each([
      ['text/plain', 'text/plain', MINIMAL_XAML],
      ['text/plain; charset=utf-8', 'text/plain; charset=utf-8', '{"fileName":"a.xaml","content":"x"}'],
      ['application/xml', 'application/xml', MINIMAL_XAML],
      ['multipart/mixed', 'multipart/mixed; boundary=abc', closedForm('abc')],
    ])(
      'a %s body → 415 UNSUPPORTED_MEDIA_TYPE listing what the route accepts',
      async (_label, type, body) => {
        const res = await post({ 'content-type': type }, body)
        expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'headers.content-type', /is not accepted/)
        expect(res.json().error.details[0].accepted).toEqual(['application/json', 'multipart/form-data'])
        await expectNothingStored()
      },
    )

    it('a body without a Content-Type → 415 saying the header is missing', async () => {
      const res = await post({}, MINIMAL_XAML)
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'headers.content-type', /is missing/)
      await expectNothingStored()
    })
  })

  describe('malformed multipart/form-data → 400 MULTIPART_INVALID naming the field and the reason', () => {
    const long = (n: number) => 'b'.repeat(n)
    it.each([
      [
        'no boundary parameter',
        'multipart/form-data',
        closedForm('abc'),
        'headers.content-type',
        /no boundary/,
      ],
      [
        'an empty boundary',
        'multipart/form-data; boundary=',
        closedForm('abc'),
        'headers.content-type',
        /empty/,
      ],
      [
        'an empty quoted boundary',
        'multipart/form-data; boundary=""',
        closedForm('abc'),
        'headers.content-type',
        /empty/,
      ],
      [
        'a boundary longer than 256 characters',
        `multipart/form-data; boundary=${long(300)}`,
        closedForm(long(300)),
        'headers.content-type',
        /300 characters.*at most 70/,
      ],
      [
        'a boundary longer than RFC 2046 allows (71 characters)',
        `multipart/form-data; boundary=${long(71)}`,
        closedForm(long(71)),
        'headers.content-type',
        /71 characters.*at most 70/,
      ],
      [
        'a boundary with a character RFC 2046 does not allow',
        'multipart/form-data; boundary=ab@cd',
        closedForm('ab@cd'),
        'headers.content-type',
        /may not contain/,
      ],
      [
        'two boundary parameters',
        'multipart/form-data; boundary=abc; boundary=xyz',
        closedForm('abc'),
        'headers.content-type',
        /more than one boundary/,
      ],
      ['a body that is not multipart', 'multipart/form-data; boundary=abc', 'hello, world', 'body', /--abc/],
      [
        'a JSON body labelled multipart',
        'multipart/form-data; boundary=abc',
        JSON.stringify({ fileName: 'a.xaml', content: MINIMAL_XAML }),
        'body',
        /--abc/,
      ],
      [
        'a part with no closing boundary',
        'multipart/form-data; boundary=abc',
        filePart('abc'),
        'body',
        /closing boundary "--abc--"/,
      ],
      [
        'a part closed by a delimiter but no final "--"',
        'multipart/form-data; boundary=abc',
        `${filePart('abc')}--abc\r\n`,
        'body',
        /closing boundary "--abc--"/,
      ],
      [
        'a boundary that differs from the body’s',
        'multipart/form-data; boundary=abc',
        closedForm('xyz'),
        'body',
        /--abc/,
      ],
    ])('%s', async (_label, type, body, field, reason) => {
      const res = await post({ 'content-type': type }, body)
      expectProblem(res, 400, 'MULTIPART_INVALID', field, reason)
      await expectNothingStored()
    })

    it('an empty body with a good boundary is an empty form (the plugin’s choice) → 400 body.file is required', async () => {
      const res = await post({ 'content-type': 'multipart/form-data; boundary=abc' }, '')
      expectProblem(res, 400, 'VALIDATION_FAILED', 'body.file', /is required/)
      await expectNothingStored()
    })

    it('a part declared application/json that is not JSON → 400 MULTIPART_INVALID', async () => {
      const body =
        filePart('abc') +
        '--abc\r\nContent-Disposition: form-data; name="label"\r\nContent-Type: application/json\r\n\r\n{nope\r\n--abc--\r\n'
      const res = await post({ 'content-type': 'multipart/form-data; boundary=abc' }, body)
      expectProblem(res, 400, 'MULTIPART_INVALID', 'body', /application\/json/)
      await expectNothingStored()
    })

    it('the same text field twice → 400 VALIDATION_FAILED naming it (the second one used to win silently)', async () => {
      const { payload, headers } = await multipartBody([
        { name: 'file', fileName: 'Main.xaml', content: MINIMAL_XAML },
        { name: 'label', value: 'first' },
        { name: 'label', value: 'second' },
      ])
      const res = await post(headers, payload)
      expectProblem(res, 400, 'VALIDATION_FAILED', 'body.label', /more than once/)
      await expectNothingStored()
    })

    it('a part named __proto__ → 400 VALIDATION_FAILED naming the body (not a generic BAD_REQUEST)', async () => {
      const { payload, headers } = await multipartBody([
        { name: 'file', fileName: 'Main.xaml', content: MINIMAL_XAML },
        { name: '__proto__', value: 'x' },
      ])
      const res = await post(headers, payload)
      expectProblem(res, 400, 'VALIDATION_FAILED', 'body', /__proto__/)
      await expectNothingStored()
    })

    it('more text fields than the form takes → 413 PAYLOAD_TOO_LARGE with limitFields', async () => {
      const fields = Array.from({ length: 11 }, (_, i) => ({ name: `extra${i}`, value: 'x' }))
      const { payload, headers } = await multipartBody([
        ...fields,
        { name: 'file', fileName: 'Main.xaml', content: MINIMAL_XAML },
      ])
      const res = await post(headers, payload)
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE', 'body', /more than 10 text fields/)
      expect(res.json().error.details[0].limitFields).toBe(10)
      await expectNothingStored()
    })

    it('more parts than the form takes (parts that are not form-data count too) → 413 with limitParts', async () => {
      const ignored = '--abc\r\nContent-Disposition: attachment\r\n\r\nx\r\n'.repeat(13)
      const res = await post(
        { 'content-type': 'multipart/form-data; boundary=abc' },
        `${ignored}${closedForm('abc')}`,
      )
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE', 'body', /more than 12 parts/)
      expect(res.json().error.details[0].limitParts).toBe(12)
      await expectNothingStored()
    })

    it('a 70-character boundary (the RFC 2046 maximum) is accepted, and the process still answers', async () => {
      const res = await post(
        { 'content-type': `multipart/form-data; boundary="${long(70)}"` },
        closedForm(long(70)),
      )
      expect(res.statusCode, res.body).toBe(201)
      expect(await countValidations(t)).toBe(1)
    })
  })

  describe('file names: one rule for JSON fileName and the multipart file name', () => {
    const submitJson = (fileName: string) =>
      post({ 'content-type': 'application/json' }, JSON.stringify({ fileName, content: MINIMAL_XAML }))
    const submitMultipart = (fileName: string) =>
      post({ 'content-type': 'multipart/form-data; boundary=abc' }, Buffer.from(closedForm('abc', fileName)))

    it.each([
      ['C0 controls and an ANSI escape', 'a\u0001\u001b[31m.xaml'],
      ['a tab', 'a\tb.xaml'],
      ['DEL', 'a\u007f.xaml'],
      ['a C1 control (U+009B, CSI)', 'a\u009b31m.xaml'],
      ['more than 255 characters', `${'a'.repeat(251)}.xaml`],
    ])(
      '%s → 400 VALIDATION_FAILED in both, with the same reason; nothing stored',
      async (_label, fileName) => {
        const json = await submitJson(fileName)
        expectProblem(json, 400, 'VALIDATION_FAILED', 'body.fileName', /./)
        const multi = await submitMultipart(fileName)
        expectProblem(multi, 400, 'VALIDATION_FAILED', 'body.file', /./)
        expect(multi.json().error.details[0].reason).toBe(json.json().error.details[0].reason)
        expect(multi.body).not.toContain('\u001b')
        await expectNothingStored()
      },
    )

    it('an RFC 5987 encoded file name (filename*=) is checked after decoding', async () => {
      const body =
        '--abc\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8\'\'a%01%1B%5B31m.xaml\r\n\r\n' +
        `${MINIMAL_XAML}\r\n--abc--\r\n`
      const res = await post({ 'content-type': 'multipart/form-data; boundary=abc' }, body)
      expectProblem(res, 400, 'VALIDATION_FAILED', 'body.file', /./)
      await expectNothingStored()
    })

    it('an empty multipart file name → 400 naming body.file', async () => {
      const res = await submitMultipart('')
      expectProblem(res, 400, 'VALIDATION_FAILED', 'body.file', /./)
      await expectNothingStored()
    })

    it('255 characters counted as characters, not UTF-16 units, in both (250 emoji + ".xaml")', async () => {
      const fileName = `${'😀'.repeat(250)}.xaml`
      const json = await submitJson(fileName)
      expect(json.statusCode, json.body).toBe(201)
      const multi = await submitMultipart(fileName)
      expect(multi.statusCode, multi.body).toBe(201)
      expect(multi.json().fileName).toBe(fileName)
    })
  })

  describe('a 413 says the limit, in the message and in details', () => {
    const tooBig = `${MINIMAL_XAML}${' '.repeat(MAX_WORKFLOW_BYTES)}`

    it('a multipart file over 10 MiB → 413 XAML_TOO_LARGE with limitBytes', async () => {
      const { payload, headers } = await multipartBody([
        { name: 'file', fileName: 'Huge.xaml', content: tooBig },
      ])
      const res = await post(headers, payload)
      expectProblem(res, 413, 'XAML_TOO_LARGE', 'body.file', /is larger than 10485760 bytes \(10 MiB\)/)
      expect(res.json().error.message).toContain(String(MAX_WORKFLOW_BYTES))
      expect(res.json().error.details[0].limitBytes).toBe(MAX_WORKFLOW_BYTES)
      await expectNothingStored()
    })

    it('JSON content over 10 MiB (within the body limit) → 413 XAML_TOO_LARGE with limitBytes', async () => {
      const res = await post(
        { 'content-type': 'application/json' },
        JSON.stringify({ fileName: 'Huge.xaml', content: tooBig }),
      )
      expectProblem(res, 413, 'XAML_TOO_LARGE', 'body.content', /is larger than 10485760 bytes \(10 MiB\)/)
      expect(res.json().error.details[0].limitBytes).toBe(MAX_WORKFLOW_BYTES)
      const base64 = await post(
        { 'content-type': 'application/json' },
        JSON.stringify({ fileName: 'Huge.xaml', contentBase64: Buffer.from(tooBig).toString('base64') }),
      )
      expectProblem(
        base64,
        413,
        'XAML_TOO_LARGE',
        'body.contentBase64',
        /is larger than 10485760 bytes \(10 MiB\)/,
      )
      await expectNothingStored()
    })

    it('a JSON body over the route’s body limit → 413 PAYLOAD_TOO_LARGE with limitBytes', async () => {
      const huge = JSON.stringify({
        fileName: 'Huge.xaml',
        content: `${tooBig}${' '.repeat(MAX_WORKFLOW_BYTES / 2)}`,
      })
      const res = await post({ 'content-type': 'application/json' }, huge)
      expect(res.statusCode).toBe(413)
      const error = res.json().error
      expect(error.code).toBe('PAYLOAD_TOO_LARGE')
      const limitBytes = error.details[0].limitBytes
      expect(limitBytes).toBeGreaterThan(MAX_WORKFLOW_BYTES)
      expect(limitBytes).toBeLessThan(huge.length)
      expect(error.message).toContain(String(limitBytes))
      expect(error.details[0]).toMatchObject({
        field: 'body',
        reason: expect.stringContaining(String(limitBytes)),
      })
      await expectNothingStored()
    })
  })
})
