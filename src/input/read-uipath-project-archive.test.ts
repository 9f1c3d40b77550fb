import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findCorpus } from '../analysis/xaml/test-helpers.js'
import { AppError } from '../domain/errors/app-error.js'
import { buildTestZip, type TestZipEntry } from './archive/test-zip-writer.js'
import { readUiPathProjectArchive } from './read-uipath-project-archive.js'

const corpus = findCorpus()

/** Every file of a corpus project, as zip entries under `prefix`. */
function projectEntries(project: string, prefix: string): TestZipEntry[] {
  if (corpus === undefined)
    throw new Error('the shared corpus is needed for this test (FLOWCERTA_CORPUS_DIR)')
  const root = path.join(corpus, project)
  const entries: TestZipEntry[] = []
  const walk = (dir: string): void => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name)
      if (item.isDirectory()) walk(full)
      else
        entries.push({
          name: prefix + path.relative(root, full).split(path.sep).join('/'),
          data: fs.readFileSync(full),
        })
    }
  }
  walk(root)
  return entries
}

const xamlCount = (entries: readonly TestZipEntry[]) =>
  entries.filter((entry) => String(entry.name).toLowerCase().endsWith('.xaml')).length

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  if (!(error instanceof AppError)) throw new Error(`expected a typed refusal, got ${String(error)}`)
  return error.code
}

describe('readUiPathProjectArchive', () => {
  it.each([
    ['as Studio exports it (no top folder)', ''],
    ['as a repository download (one top folder)', 'ReFramework-master/'],
  ])('finds the REFramework project zipped %s', async (_what, prefix) => {
    const entries = projectEntries('uipath-reframework-2019', prefix)
    const project = await readUiPathProjectArchive(buildTestZip(entries))
    expect(project.kind).toBe('archive')
    expect(project.root).toBe(prefix)
    expect(JSON.parse(String(project.projectJson)).main).toBe('Main.xaml')
    expect(project.workflows).toHaveLength(xamlCount(entries))
    expect(project.workflows.map((file) => file.path)).toContain('Framework/InitAllSettings.xaml')
  })

  it('reads a .nupkg layout (sources under lib/net45/, told apart by its .nuspec)', async () => {
    const entries = [
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'ReFramework.nuspec', data: '<package/>' },
      { name: '_rels/.rels', data: '<Relationships/>' },
      ...projectEntries('uipath-reframework-2019', 'lib/net45/'),
    ]
    const project = await readUiPathProjectArchive(buildTestZip(entries))
    expect(project.kind).toBe('package')
    expect(project.root).toBe('lib/net45/')
    expect(project.workflows).toHaveLength(xamlCount(entries))
  })

  it('refuses a package that holds no workflow sources, saying so', async () => {
    const zip = buildTestZip([
      { name: 'Acme.Process.nuspec', data: '<package/>' },
      { name: 'lib/net6.0-windows7.0/Acme.Process.dll', data: 'MZ' },
      { name: 'lib/net6.0-windows7.0/project.json', data: '{"name":"Acme"}' },
    ])
    const error = await readUiPathProjectArchive(zip).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('ARCHIVE_NO_WORKFLOWS')
    expect((error as AppError).message).toMatch(/package built without its sources/)
  })

  it("skips Studio's autosave and backup files and lists them", async () => {
    const zip = buildTestZip([
      { name: 'project.json', data: '{"name":"P","main":"Main.xaml"}' },
      { name: 'Main.xaml', data: '<Activity/>' },
      { name: '~Main.xaml', data: '<Activity/>' },
      { name: '.local/AutoSave/Main.xaml', data: '<Activity/>' },
      { name: '.settings/Main.xaml', data: '<Activity/>' },
      { name: '.screenshots/Main.xaml', data: '<Activity/>' },
      { name: 'Tests/Case.tmh', data: '{}' },
    ])
    const project = await readUiPathProjectArchive(zip)
    expect(project.workflows.map((file) => file.path)).toEqual(['Main.xaml'])
    expect(project.skipped.map((entry) => entry.path).sort()).toEqual([
      '.local/AutoSave/Main.xaml',
      '.screenshots/Main.xaml',
      '.settings/Main.xaml',
      '~Main.xaml',
    ])
  })

  it('leaves out a project nested inside the project, and files outside its folder', async () => {
    const zip = buildTestZip([
      { name: 'repo/README.xaml', data: '<Activity/>' },
      { name: 'repo/Process/project.json', data: '{"name":"P"}' },
      { name: 'repo/Process/Main.xaml', data: '<Activity/>' },
      { name: 'repo/Process/Library/project.json', data: '{"name":"L"}' },
      { name: 'repo/Process/Library/Lib.xaml', data: '<Activity/>' },
    ])
    const project = await readUiPathProjectArchive(zip)
    expect(project.root).toBe('repo/Process/')
    expect(project.workflows.map((file) => file.path)).toEqual(['Main.xaml'])
    expect(project.skipped.map((entry) => entry.reason).sort()).toEqual([
      'belongs to another project (repo/Process/Library/project.json)',
      'outside the project folder (repo/Process/)',
    ])
  })

  it('refuses two projects side by side, naming both', async () => {
    const zip = buildTestZip([
      { name: 'a/project.json', data: '{}' },
      { name: 'a/Main.xaml', data: '<Activity/>' },
      { name: 'b/project.json', data: '{}' },
      { name: 'b/Main.xaml', data: '<Activity/>' },
    ])
    expect(await codeOf(readUiPathProjectArchive(zip))).toBe('ARCHIVE_MULTIPLE_PROJECTS')
  })

  it('takes workflows without a project.json, under one shared top folder', async () => {
    const zip = buildTestZip([
      { name: 'flows/Main.xaml', data: '<Activity/>' },
      { name: 'flows/Sub/Other.xaml', data: '<Activity/>' },
    ])
    const project = await readUiPathProjectArchive(zip)
    expect(project.projectJson).toBeNull()
    expect(project.root).toBe('flows/')
    expect(project.workflows.map((file) => file.path)).toEqual(['Main.xaml', 'Sub/Other.xaml'])
  })
})
