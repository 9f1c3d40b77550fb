/**
 * Project submissions through the real API on both engines: the corpus's REFramework projects
 * zipped on the fly (as Studio exports them, as a repository download with a top folder, and as a
 * .nupkg) become one stored result, one validation.completed event, with every location
 * `<path in project>:<line>`; hostile archives get typed 4xx and store nothing.
 */
import { describe, expect, it } from 'vitest'
import { analyzeWorkflow } from '../../src/analysis/analyze.js'
import { analyzeProject } from '../../src/analysis/analyze-project.js'
import { buildTestZip, deflatedZeros, type TestZipEntry } from '../../src/input/archive/test-zip-writer.js'
import type { TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  corpusProjectFiles,
  countEvents,
  countValidations,
  eachTestAppWithValidEvents,
  multipartBody,
  orgEvents,
} from '../helpers/validation-test-kit.js'

const URL = '/api/v1/validations'
const DOCS_BASE = 'http://127.0.0.1:8080/docs/rules'

const LAYOUTS: ReadonlyArray<
  readonly [string, string, (files: ReturnType<typeof corpusProjectFiles>) => TestZipEntry[]]
> = [
  [
    'a Studio export (no top folder)',
    'ReFramework.zip',
    (files) => files.map((file) => ({ name: file.path, data: file.content })),
  ],
  [
    'a repository download (one top folder)',
    'ReFramework-main.zip',
    (files) => files.map((file) => ({ name: `ReFramework-main/${file.path}`, data: file.content })),
  ],
  [
    'a .nupkg (sources under lib/net45/)',
    'ReFramework.1.0.0.nupkg',
    (files) => [
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'ReFramework.nuspec', data: '<package/>' },
      ...files.map((file) => ({ name: `lib/net45/${file.path}`, data: file.content })),
    ],
  ],
]

interface ApiFinding {
  ruleId: string
  location: string
  line: number
  column: number
  path: string
  category: string
  docsUrl: string
  message: string | null
  fingerprint: string
  waived: boolean
  exceptionId: string | null
}

const key = (finding: { ruleId: string; location: string; column: number; message: string | null }) =>
  `${finding.location}:${finding.column} ${finding.ruleId} ${finding.message ?? ''}`

describe.each(testEngines())('project submissions on %s', (engine) => {
  let t: TestApp
  eachTestAppWithValidEvents(engine, (app) => {
    t = app
  })

  async function upload(fileName: string, content: Buffer) {
    const { payload, headers } = await multipartBody([{ name: 'file', fileName, content }])
    return t.request(t.orgA.memberKey, { method: 'POST', url: URL, payload, headers })
  }

  it.each(LAYOUTS)(
    'the classic REFramework as %s is one result: per-file findings plus project findings, located in the project',
    async (_what, fileName, layout) => {
      const files = corpusProjectFiles('uipath-reframework-2019')
      const res = await upload(fileName, buildTestZip(layout(files)))
      expect(res.statusCode, res.body).toBe(201)
      const body = res.json()
      expect(body.fileName).toBe(fileName)
      expect(body.project).toMatchObject({ main: 'Main.xaml', isReframework: true })
      const workflows = files.filter((file) => file.path.endsWith('.xaml'))
      expect(body.project.files.map((file: { path: string }) => file.path)).toEqual(
        workflows.map((file) => file.path),
      )

      const expected = analyzeProject({
        submissionName: fileName,
        projectJson: files.find((file) => file.path === 'project.json')?.content ?? null,
        files: workflows,
        docsBaseUrl: DOCS_BASE,
      })
      const findings = body.findings as ApiFinding[]
      expect(findings.map(key)).toEqual(expected.findings.map(key))
      expect(body.score).toBe(expected.score)
      expect(body.summary).toEqual(expected.summary)
      for (const finding of findings) {
        expect(finding.location).toBe(`${finding.path}:${finding.line}`)
        expect(finding.docsUrl).toBe(`${DOCS_BASE}/${finding.ruleId}`)
      }
      // File rules find in the project exactly what they find file by file.
      const single = workflows
        .flatMap(
          (file) =>
            analyzeWorkflow({ content: file.content, fileName: file.path, relativePath: file.path }).findings,
        )
        .filter((finding) => finding.category !== 'framework')
      expect(
        findings
          .filter((finding) => !['framework', 'project'].includes(finding.category))
          .map(key)
          .sort(),
      ).toEqual(single.map(key).sort())
      expect(findings.some((finding) => finding.category === 'project')).toBe(true)

      // One validation, one completed event in the seed's shape: the archive's name, project paths.
      expect(await countValidations(t)).toBe(1)
      const events = await orgEvents(t, t.orgA.orgId, 'validation.completed')
      expect(events).toHaveLength(1)
      const data = (
        JSON.parse(events[0]?.envelopeJson ?? '{}') as {
          data: { fileName: string; findings: Array<{ location: string }> }
        }
      ).data
      expect(data.fileName).toBe(fileName)
      expect(data.findings.length).toBeLessThanOrEqual(10)
      expect(data.findings.map((finding) => finding.location)).toEqual(
        findings.slice(0, data.findings.length).map((finding) => finding.location),
      )

      const stored = await t.request(t.orgA.memberKey, {
        method: 'GET',
        url: `/api/v1/results/${body.validationId}`,
      })
      expect(stored.statusCode).toBe(200)
      expect(stored.json().project).toEqual(body.project)
      expect(stored.json().projectName).toBe(body.projectName)
    },
  )

  it('marks findings new against the previous validation of the same project, by fingerprint', async () => {
    const files = corpusProjectFiles('uipath-reframework-2019')
    const zip = (list: typeof files) =>
      buildTestZip(list.map((file) => ({ name: file.path, data: file.content })))
    const first = (await upload('p.zip', zip(files))).json()
    expect(first.comparedWith).toBeNull()
    expect(first.findings.every((finding: { isNew: boolean }) => finding.isNew)).toBe(true)

    // Lines inserted above every finding of Process.xaml and the project re-zipped: nothing is new.
    const shifted = files.map((file) =>
      file.path === 'Process.xaml'
        ? {
            ...file,
            content: Buffer.from(file.content.toString('utf8').replace('<Activity ', '\n\n\n<Activity ')),
          }
        : file,
    )
    const second = (await upload('p.zip', zip(shifted))).json()
    expect(second.comparedWith).toBe(first.validationId)
    expect(second.findings.filter((finding: { isNew: boolean }) => finding.isNew)).toEqual([])
    expect(second.findings.map((finding: { fingerprint: string }) => finding.fingerprint).sort()).toEqual(
      first.findings.map((finding: { fingerprint: string }) => finding.fingerprint).sort(),
    )

    // A hardcoded value added to one file: exactly its finding is new.
    const changed = shifted.map((file) =>
      file.path === 'Main.xaml'
        ? {
            ...file,
            content: Buffer.from(
              file.content
                .toString('utf8')
                .replace(
                  '</Sequence>',
                  '<ui:OpenBrowser DisplayName="Open CRM" Url="https://crm.example.com/contacts" /></Sequence>',
                ),
            ),
          }
        : file,
    )
    const third = (await upload('p.zip', zip(changed))).json()
    expect(third.comparedWith).toBe(second.validationId)
    const fresh = third.findings.filter((finding: { isNew: boolean }) => finding.isNew)
    expect(fresh.length).toBeGreaterThan(0)
    expect(
      fresh.map((finding: { path: string; ruleId: string }) => `${finding.path} ${finding.ruleId}`),
    ).toEqual(['Main.xaml FC-UIP-HCD-002'])
  })

  it('a risk exception by fingerprint waives a finding across line moves and stops when its content changes', async () => {
    const files = corpusProjectFiles('uipath-reframework-2019')
    const withUrl = (list: typeof files, url: string, shift: string) =>
      list.map((file) =>
        file.path === 'Main.xaml'
          ? {
              ...file,
              content: Buffer.from(
                shift +
                  file.content
                    .toString('utf8')
                    .replace(
                      '</Sequence>',
                      `<ui:OpenBrowser DisplayName="Open CRM" Url="${url}" /></Sequence>`,
                    ),
              ),
            }
          : file,
      )
    const zip = (list: typeof files) =>
      buildTestZip(list.map((file) => ({ name: file.path, data: file.content })))
    const first = (await upload('p.zip', zip(withUrl(files, 'https://crm.example.com/a', '')))).json()
    const target = first.findings.find(
      (finding: ApiFinding) => finding.ruleId === 'FC-UIP-HCD-002' && finding.path === 'Main.xaml',
    )
    expect(target).toBeDefined()
    const requested = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: '/api/v1/exceptions',
      payload: {
        ruleId: target.ruleId,
        fileName: 'p.zip',
        location: target.location,
        fingerprint: target.fingerprint,
        reason: 'The CRM test instance; moves to config next sprint.',
        expiresAt: new Date(t.clock.now() + 30 * 24 * 3600 * 1000).toISOString(),
      },
    })
    expect(requested.statusCode, requested.body).toBe(201)
    expect(requested.json().fingerprint).toBe(target.fingerprint)
    const id = requested.json().id
    expect(
      (await t.request(t.orgA.adminKey, { method: 'POST', url: `/api/v1/exceptions/${id}/approve` }))
        .statusCode,
    ).toBe(200)

    // Two lines inserted above: the finding moved, the waiver follows it.
    const shifted = (
      await upload(
        'p.zip',
        zip(
          withUrl(files, 'https://crm.example.com/a', '').map((file) =>
            file.path === 'Main.xaml'
              ? {
                  ...file,
                  content: Buffer.from(file.content.toString('utf8').replace('<Activity ', '\n\n<Activity ')),
                }
              : file,
          ),
        ),
      )
    ).json()
    const again = shifted.findings.find((finding: ApiFinding) => finding.fingerprint === target.fingerprint)
    expect(again.line).toBe(target.line + 2)
    expect(again.waived).toBe(true)
    expect(again.exceptionId).toBe(id)

    // The offending URL changed: a new finding, not waived.
    const changed = (await upload('p.zip', zip(withUrl(files, 'https://crm.example.com/b', '')))).json()
    const url = changed.findings.filter(
      (finding: ApiFinding) => finding.ruleId === 'FC-UIP-HCD-002' && finding.path === 'Main.xaml',
    )
    expect(url).toHaveLength(1)
    expect(url[0].fingerprint).not.toBe(target.fingerprint)
    expect(url[0].waived).toBe(false)
  })

  it('takes a project as JSON contentBase64 too', async () => {
    const files = corpusProjectFiles('uipath-studiotemplates-reframework/pt1/CSharp')
    const zip = buildTestZip(files.map((file) => ({ name: file.path, data: file.content })))
    const res = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: URL,
      payload: { fileName: 'REFramework-CSharp.zip', contentBase64: zip.toString('base64') },
      headers: { 'content-type': 'application/json' },
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().projectName).toBe('UiPath_REFramework')
    expect(res.json().project.expressionLanguage).toBe('CSharp')
  })

  it.each([
    [
      'a traversal entry',
      [
        { name: 'Main.xaml', data: '<Activity/>' },
        { name: '../../etc/cron.d/x.xaml', data: 'x' },
      ],
      422,
      'ARCHIVE_UNSAFE_PATH',
    ],
    ['an absolute path', [{ name: '/tmp/Main.xaml', data: '<Activity/>' }], 422, 'ARCHIVE_UNSAFE_PATH'],
    [
      'a symbolic link',
      [
        {
          name: 'Main.xaml',
          data: '/etc/passwd',
          method: 0,
          versionMadeBy: (3 << 8) | 30,
          externalAttributes: (0o120777 << 16) >>> 0,
        },
      ],
      422,
      'ARCHIVE_LINK',
    ],
    ['an encrypted entry', [{ name: 'Main.xaml', data: '<Activity/>', flags: 1 }], 422, 'ARCHIVE_ENCRYPTED'],
    [
      'a 1 GiB bomb',
      [{ name: 'Main.xaml', compressed: deflatedZeros(1024 ** 3), uncompressedSize: 1024 ** 3 }],
      413,
      'ARCHIVE_TOO_LARGE',
    ],
    [
      'duplicate names',
      [
        { name: 'Main.xaml', data: '<Activity/>' },
        { name: 'MAIN.xaml', data: '<Activity/>' },
      ],
      422,
      'ARCHIVE_DUPLICATE_ENTRY',
    ],
    ['no workflow', [{ name: 'readme.txt', data: 'hello' }], 422, 'ARCHIVE_NO_WORKFLOWS'],
  ] as const)('refuses an archive with %s (%s %s), storing nothing', async (_what, entries, status, code) => {
    const started = performance.now()
    const res = await upload('hostile.zip', buildTestZip(entries as readonly TestZipEntry[]))
    expect(performance.now() - started).toBeLessThan(5000)
    expect(res.statusCode, res.body).toBe(status)
    expect(res.json().error.code).toBe(code)
    expect(Array.isArray(res.json().error.details)).toBe(true)
    expect(await countValidations(t)).toBe(0)
    expect(await countEvents(t)).toBe(0)
  })

  it('refuses 100,000 entries quickly and keeps answering', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ name: `f${i}.txt`, method: 0 }))
    const res = await upload('many.zip', buildTestZip(entries))
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('ARCHIVE_TOO_MANY_ENTRIES')
    const health = await t.app.inject({ method: 'GET', url: '/healthz' })
    expect(health.statusCode).toBe(200)
  })
})
