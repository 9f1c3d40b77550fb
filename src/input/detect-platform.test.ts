/**
 * Platform detection on every shape of upload, by content: Blue Prism release, process, object and
 * a zip of them (from the corpus); Power Automate flow JSON, solution and package zips (every one
 * of the corpus, and a zip of loose flows); UiPath
 * workflows and projects; and what the name decides only when the content says nothing.
 */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bluePrismCorpusFiles, readBluePrismCorpusFile } from '../analysis/blue-prism/blue-prism-test-kit.js'
import { corpusPowerAutomateSubmissions } from '../analysis/power-automate/test-helpers.js'
import { AppError } from '../domain/errors/app-error.js'
import { readZipArchive } from './archive/read-zip-archive.js'
import { zipFiles } from './archive/zip-writer.js'
import { detectFolderPlatform } from './read-folder-submission.js'
import { detectSubmissionPlatform, readSubmission } from './read-submission.js'

const XAML =
  '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence /></Activity>'
const FLOW = JSON.stringify({ properties: { definition: { triggers: {}, actions: {} } } })

const detect = async (content: Buffer | string, name: string) =>
  detectSubmissionPlatform(Buffer.from(content), name)

describe('platform detection by content', () => {
  it.each(bluePrismCorpusFiles())('corpus %s is Blue Prism, whatever its name', async (path) => {
    const bytes = readBluePrismCorpusFile(path)
    const expected = path.endsWith('.bprelease')
      ? 'release'
      : bytes.toString('utf8').includes('type="object"')
        ? 'object'
        : 'process'
    expect(await detect(bytes, path)).toEqual({ platform: 'blue-prism', shape: expected })
    // Renamed, the content still decides.
    expect(await detect(bytes, 'upload.txt')).toEqual({ platform: 'blue-prism', shape: expected })
  })

  it('a UTF-16 process export is Blue Prism too', async () => {
    const text = '\uFEFF<?xml version="1.0" encoding="utf-16"?><process name="P" bpversion="6.10"></process>'
    expect(await detect(Buffer.from(text, 'utf16le'), 'p.xml')).toEqual({
      platform: 'blue-prism',
      shape: 'process',
    })
  })

  it('a zip of Blue Prism exports is a Blue Prism archive; its other XML is skipped, not read', async () => {
    const zip = zipFiles([
      {
        path: 'exports/Process.xml',
        content: readBluePrismCorpusFile(
          'blue-prism-release-aggregator/BPA Process - Blue Prism Release Aggregator - Sample.xml',
        ),
      },
      {
        path: 'exports/Syslog.bprelease',
        content: readBluePrismCorpusFile(
          'shmoopysoft-blue-prism-syslog-message-example/ShmoopySoftBluePrismSyslogMessageExample.bprelease',
        ),
      },
      { path: 'exports/notes.xml', content: Buffer.from('<notes>not an export</notes>') },
    ])
    expect(await detect(zip, 'exports.zip')).toEqual({ platform: 'blue-prism', shape: 'archive' })
    const submission = await readSubmission(zip, 'exports.zip')
    expect(submission).toMatchObject({
      platform: 'blue-prism',
      shape: 'archive',
      files: [{ path: 'exports/Process.xml' }, { path: 'exports/Syslog.bprelease' }],
      skipped: [{ path: 'exports/notes.xml', reason: 'not a Blue Prism release, process or object export' }],
    })
  })

  it('a zip with no Blue Prism export is refused with ARCHIVE_NO_WORKFLOWS', async () => {
    const zip = zipFiles([{ path: 'a.xml', content: Buffer.from('<a/>') }])
    await expect(readSubmission(zip, 'a.zip')).rejects.toMatchObject({ code: 'ARCHIVE_NO_WORKFLOWS' })
  })

  it('Power Automate: one flow JSON, a solution zip, a legacy package zip', async () => {
    expect(await detect(FLOW, 'flow.txt')).toEqual({ platform: 'power-automate', shape: 'flow' })
    const solution = zipFiles([
      { path: 'solution.xml', content: Buffer.from('<ImportExportXml />') },
      { path: 'customizations.xml', content: Buffer.from('<ImportExportXml />') },
      { path: 'Workflows/Flow-1.json', content: Buffer.from(FLOW) },
      // A classic Dataverse workflow beside it does not make the solution a UiPath project.
      { path: 'Workflows/Classic-2.xaml', content: Buffer.from(XAML) },
    ])
    expect(await detect(solution, 'solution.zip')).toEqual({
      platform: 'power-automate',
      shape: 'solution-archive',
    })
    const legacy = zipFiles([
      { path: 'manifest.json', content: Buffer.from('{}') },
      { path: 'Microsoft.Flow/flows/1234/definition.json', content: Buffer.from(FLOW) },
    ])
    expect(await detect(legacy, 'package.zip')).toEqual({
      platform: 'power-automate',
      shape: 'package-archive',
    })
  })

  it.each(corpusPowerAutomateSubmissions().filter((item) => item.form === 'zip'))(
    'corpus $name is a Power Automate solution or package zip, by its entries, whatever its name',
    async ({ absolute }) => {
      const bytes = readFileSync(absolute)
      const entries = await readZipArchive(bytes, { select: () => new Set() })
      const shape = entries.allPaths.some((path) => /(^|\/)solution\.xml$/i.test(path))
        ? 'solution-archive'
        : 'package-archive'
      expect(await detect(bytes, 'upload.bin')).toEqual({ platform: 'power-automate', shape })
    },
  )

  it('every flow JSON of the corpus (solution Workflows/*.json, package definition.json) is one flow, by content', async () => {
    const flows = corpusPowerAutomateSubmissions()
      .filter((item) => item.form === 'folder')
      .flatMap((item) =>
        readdirSync(item.absolute, { recursive: true, encoding: 'utf8' })
          .map((name) => name.split('\\').join('/'))
          .filter((name) => /(^|\/)(Workflows\/[^/]+\.json|definition\.json)$/.test(name))
          .map((name) => join(item.absolute, name)),
      )
    expect(flows.length).toBeGreaterThanOrEqual(46)
    for (const flow of flows) {
      expect(await detect(readFileSync(flow), 'upload.bin'), flow).toEqual({
        platform: 'power-automate',
        shape: 'flow',
      })
    }
  })

  it('a zip of loose flow JSON (as `validate --server` sends a folder of flows) is Power Automate', async () => {
    const zip = zipFiles([
      { path: 'flows/one.json', content: Buffer.from(FLOW) },
      { path: 'flows/settings.json', content: Buffer.from('{}') },
    ])
    expect(await detect(zip, 'flows.zip')).toEqual({ platform: 'power-automate', shape: 'flows-archive' })
    const submission = await readSubmission(zip, 'flows.zip')
    expect(submission).toMatchObject({ platform: 'power-automate', shape: 'flows-archive' })
  })

  it('UiPath: a .xaml (its name decides, as before platforms) and a project zip', async () => {
    expect(await detect(XAML, 'Main.xaml')).toEqual({ platform: 'uipath', shape: 'workflow' })
    const project = zipFiles([
      { path: 'P/project.json', content: Buffer.from('{"name":"P"}') },
      { path: 'P/Main.xaml', content: Buffer.from(XAML) },
    ])
    expect(await detect(project, 'p.zip')).toEqual({ platform: 'uipath', shape: 'project-archive' })
  })

  it('when the content says nothing, the name decides; otherwise there is no platform', async () => {
    expect(await detect('not xml', 'Broken.xaml')).toEqual({ platform: 'uipath', shape: 'workflow' })
    expect(await detect('{"broken": ', 'flow.json')).toEqual({ platform: 'power-automate', shape: 'flow' })
    expect(await detect('<process', 'p.bpprocess')).toEqual({ platform: 'blue-prism', shape: 'process' })
    expect(await detect('<root/>', 'data.xml')).toBeUndefined()
    await expect(readSubmission(Buffer.from('<root/>'), 'data.xml')).rejects.toMatchObject({
      code: 'UNSUPPORTED_PLATFORM',
    })
  })

  it('a platform the client names must agree with the content', async () => {
    const release = readBluePrismCorpusFile(
      'shmoopysoft-blue-prism-syslog-message-example/ShmoopySoftBluePrismSyslogMessageExample.bprelease',
    )
    const refusal = await readSubmission(release, 'r.bprelease', 'uipath').catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(AppError)
    expect(refusal).toMatchObject({ code: 'PLATFORM_MISMATCH' })
    expect((await readSubmission(release, 'r.bprelease', 'blue-prism')).platform).toBe('blue-prism')
    // A name that says nothing and content that says nothing: the client's platform decides.
    expect((await readSubmission(Buffer.from(XAML), 'notes.txt', 'uipath')).platform).toBe('uipath')
  })

  // Issue 16: a zip is told by its files' content as a folder is (platforms-of-files.ts), not by
  // which extensions it holds: an `.xml` is Blue Prism only when its root is an export, a `.json`
  // Power Automate only when it holds a flow.
  describe('a zip is told by content, as the same files in a folder are', () => {
    const RELEASE = readBluePrismCorpusFile(
      'shmoopysoft-blue-prism-syslog-message-example/ShmoopySoftBluePrismSyslogMessageExample.bprelease',
    )
    const CASES: Array<[string, Record<string, Buffer>, string]> = [
      [
        'flow JSON beside an XML that is no Blue Prism export',
        {
          'flows/Approve.json': Buffer.from(FLOW),
          'config.xml': Buffer.from('<?xml version="1.0"?><configuration><add key="a" /></configuration>'),
        },
        'power-automate',
      ],
      [
        'a Blue Prism release beside a project.json that is no UiPath project',
        { 'Syslog.bprelease': RELEASE, 'project.json': Buffer.from('{"name":"tools","version":"1.0.0"}') },
        'blue-prism',
      ],
      [
        'a Blue Prism release beside a settings JSON that is no flow',
        { 'Syslog.bprelease': RELEASE, 'settings.json': Buffer.from('{"a":1}') },
        'blue-prism',
      ],
    ]

    it.each(CASES)('%s', async (_name, files, platform) => {
      const zip = zipFiles(Object.entries(files).map(([path, content]) => ({ path, content })))
      const submission = await readSubmission(zip, 'mixed.zip')
      expect(submission.platform).toBe(platform)
      if (submission.platform === 'uipath') throw new Error('not UiPath')
      expect(submission.files.length).toBeGreaterThan(0)
      const folder = mkdtempSync(join(tmpdir(), 'flowcerta-zip-by-content-'))
      try {
        for (const [path, content] of Object.entries(files)) {
          mkdirSync(dirname(join(folder, path)), { recursive: true })
          writeFileSync(join(folder, path), content)
        }
        expect(await detect(zip, 'mixed.zip')).toEqual(await detectFolderPlatform(folder))
      } finally {
        rmSync(folder, { recursive: true, force: true })
      }
    })

    it('flow JSON beside a Blue Prism export is still refused as mixed', async () => {
      const zip = zipFiles([
        { path: 'flow.json', content: Buffer.from(FLOW) },
        { path: 'Syslog.xml', content: RELEASE },
      ])
      await expect(readSubmission(zip, 'mixed.zip')).rejects.toMatchObject({ code: 'MIXED_PLATFORMS' })
    })
  })
})
