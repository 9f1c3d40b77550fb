/**
 * Issue 16 leftover: a zip upload that mixes platforms is refused as a folder that does is
 * (src/input/platforms-of-files.ts): 422 MIXED_PLATFORMS, `details` naming each platform's files,
 * nothing stored. Through the real API (a listening server, multipart as curl -F sends it), with
 * real zips built here, on both engines. A single-platform zip whose other JSON and XML say nothing
 * (project.json, a data file, a config XML) is still analysed, as its platform by content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE } from '../../src/domain/errors/error-catalogue.js'
import { zipFiles } from '../../src/input/archive/zip-writer.js'
import { postFile } from '../helpers/hostile-api.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { countValidations } from '../helpers/validation-test-kit.js'

interface Answer {
  error?: { code: string; message: string; details: Record<string, unknown>[] }
  platform?: string
}

const XAML =
  '<Activity x:Class="Main" xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml"><Sequence DisplayName="Main" /></Activity>'
const PROJECT_JSON = '{"name":"Mixed","main":"Main.xaml","dependencies":{}}'
const FLOW =
  '{"properties":{"definition":{"triggers":{"manual":{"type":"Request","kind":"Button"}},"actions":{"Compose_total":{"type":"Compose","inputs":1}}}}}'
const RELEASE =
  '<?xml version="1.0" encoding="utf-8"?>\n<bpr:release xmlns:bpr="http://www.blueprism.co.uk/product/release"><bpr:name>R</bpr:name><bpr:contents count="0" /></bpr:release>'
const PROCESS = '<?xml version="1.0" encoding="utf-8"?>\n<process name="P" bpversion="6.10.1"></process>'

const zip = (files: Record<string, string>) =>
  zipFiles(Object.entries(files).map(([path, content]) => ({ path, content: Buffer.from(content) })))

/** name, the zip's files, and the files of each platform the refusal must name. */
const MIXED: Array<[string, Record<string, string>, Record<string, string[]>]> = [
  [
    'a UiPath project beside a Power Automate flow',
    { 'project.json': PROJECT_JSON, 'Main.xaml': XAML, 'flows/Approve.json': FLOW },
    { uipath: ['Main.xaml'], 'power-automate': ['flows/Approve.json'] },
  ],
  [
    'a Blue Prism release beside a UiPath project',
    { 'Invoice.bprelease': RELEASE, 'project/project.json': PROJECT_JSON, 'project/Main.xaml': XAML },
    { 'blue-prism': ['Invoice.bprelease'], uipath: ['project/Main.xaml'] },
  ],
  [
    'Blue Prism processes beside a flow',
    { 'a.bpprocess': PROCESS, 'b.xml': PROCESS, 'flow.json': FLOW },
    { 'blue-prism': ['a.bpprocess', 'b.xml'], 'power-automate': ['flow.json'] },
  ],
]

describe.each(testEngines())('zips that mix platforms through the API on %s', (engine) => {
  let t: TestApp
  let base: string
  beforeAll(async () => {
    t = await openTestApp(engine)
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(() => t.close())

  const submit = (fileName: string, content: Buffer) =>
    postFile<Answer>(base, t.orgA.memberKey, fileName, content)

  it.each(MIXED.map(([name, files, named]) => ({ name, files, named })))(
    '$name: 422 MIXED_PLATFORMS naming the files of each platform, nothing stored',
    async ({ files, named }) => {
      const before = await countValidations(t)
      const answer = await submit('mixed.zip', zip(files))
      expect(answer.body.error?.code, JSON.stringify(answer.body).slice(0, 500)).toBe('MIXED_PLATFORMS')
      expect(answer.status).toBe(ERROR_CATALOGUE.MIXED_PLATFORMS.status)
      expect(answer.status).toBe(422)
      const details = answer.body.error?.details ?? []
      expect(Object.fromEntries(details.map((detail) => [detail.platform as string, detail.paths]))).toEqual(
        named,
      )
      for (const detail of details) {
        expect(detail).toMatchObject({ field: 'file', path: (detail.paths as string[])[0] })
        expect(detail.fileCount).toBe((detail.paths as string[]).length)
      }
      for (const paths of Object.values(named)) expect(answer.body.error?.message).toContain(paths[0])
      expect(await countValidations(t)).toBe(before)
    },
  )

  it('a platform named by the client does not let a mixed zip through', async () => {
    const form = new FormData()
    form.append('platform', 'uipath')
    form.append('file', new Blob([zip(MIXED[0]?.[1] ?? {})]), 'mixed.zip')
    const response = await fetch(`${base}/api/v1/validations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.orgA.memberKey}` },
      body: form,
    })
    expect(response.status).toBe(422)
    expect(((await response.json()) as Answer).error?.code).toBe('MIXED_PLATFORMS')
  })

  it.each([
    [
      'a UiPath project with other JSON and XML',
      {
        'project.json': PROJECT_JSON,
        'Main.xaml': XAML,
        'Data/config.json': '{"a":1}',
        'Data/map.xml': '<map />',
      },
      'uipath',
    ],
    [
      'Blue Prism exports with a settings JSON',
      { 'a.bpprocess': PROCESS, 'settings.json': '{"a":1}' },
      'blue-prism',
    ],
    // Told by content as a folder is: an XML that is no export, a project.json of no UiPath project.
    [
      'a flow with a config XML that is no Blue Prism export',
      { 'flows/Approve.json': FLOW, 'config.xml': '<?xml version="1.0"?><configuration />' },
      'power-automate',
    ],
    [
      'a Blue Prism release with a project.json that is no UiPath project',
      { 'Invoice.bprelease': RELEASE, 'project.json': '{"name":"tools","version":"1.0.0"}' },
      'blue-prism',
    ],
  ])('%s is one platform and is analysed', async (_name, files, platform) => {
    const answer = await submit('one.zip', zip(files))
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(201)
    expect(answer.body.platform).toBe(platform)
  })
})
