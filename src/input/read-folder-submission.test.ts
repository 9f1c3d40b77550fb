/**
 * Folders as submissions (the CLI's `validate <folder>`): every Power Automate tree and every Blue
 * Prism folder of the corpus is told apart by content; a folder and the zip `--server` makes of it
 * read the same; limits (entries, bytes) and links hold as for an archive; mixed folders are refused.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BLUE_PRISM_CORPUS_FOLDERS } from '../analysis/blue-prism/blue-prism-test-kit.js'
import { corpusPowerAutomateSubmissions } from '../analysis/power-automate/test-helpers.js'
import { CORPUS_DIR } from '../analysis/rules/rule-test-kit.js'
import { DEFAULT_ARCHIVE_LIMITS } from './archive/archive-limits.js'
import { detectFolderPlatform, folderArchive, readFolderSubmission } from './read-folder-submission.js'
import { readSubmission } from './read-submission.js'

const FLOW = JSON.stringify({ properties: { definition: { triggers: {}, actions: {} } } })
const PROCESS = '<process name="P" bpversion="6.10"><stage stageid="s" name="Start" type="Start" /></process>'

let work: string
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'flowcerta-folder-submission-'))
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

function folder(name: string, files: Record<string, string>): string {
  const root = join(work, name)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}

const onlyPaths = (files: ReadonlyArray<{ path: string }>) => files.map((file) => file.path).sort()

describe('a folder as a submission', () => {
  // The kit's Office365Integration solution holds no flow (only Other/Solution.xml): no workflow
  // of any platform, as its zip is refused (ARCHIVE_NO_WORKFLOWS; test/corpus/REVIEW.md).
  const EMPTY_SOLUTION = 'microsoft-powercat-business-approvals-kit/Office365Integration/SolutionPackage/src/'
  const trees = corpusPowerAutomateSubmissions().filter(
    (item) => item.form === 'folder' && item.name !== EMPTY_SOLUTION,
  )

  it.each(trees)(
    'corpus tree $name is Power Automate, and its zip for --server reads the same',
    async ({ absolute }) => {
      const detected = await detectFolderPlatform(absolute)
      expect(detected?.platform).toBe('power-automate')
      const read = await readFolderSubmission(absolute, {
        platform: 'power-automate',
        shape: detected!.shape,
      })
      const sent = await readSubmission(await folderArchive(absolute, read), 'tree.zip')
      if (sent.platform !== 'power-automate') throw new Error(`the zip reads as ${sent.platform}`)
      expect(sent.shape).toBe(detected?.shape)
      expect(onlyPaths(sent.files)).toEqual(onlyPaths(read.files))
      expect(onlyPaths(sent.skipped)).toEqual(onlyPaths(read.skipped))
    },
  )

  it.each(BLUE_PRISM_CORPUS_FOLDERS)(
    'corpus folder %s is Blue Prism, and its zip reads the same',
    async (name) => {
      const absolute = join(CORPUS_DIR, name)
      expect(await detectFolderPlatform(absolute)).toEqual({ platform: 'blue-prism', shape: 'archive' })
      const read = await readFolderSubmission(absolute, { platform: 'blue-prism', shape: 'archive' })
      expect(read.files.length).toBeGreaterThan(0)
      const sent = await readSubmission(await folderArchive(absolute, read), 'exports.zip')
      if (sent.platform !== 'blue-prism') throw new Error(`the zip reads as ${sent.platform}`)
      expect(onlyPaths(sent.files)).toEqual(onlyPaths(read.files))
    },
  )

  it('the corpus UiPath folders are UiPath; a solution with no flow is nothing; the whole corpus is MIXED_PLATFORMS', async () => {
    expect(await detectFolderPlatform(join(CORPUS_DIR, EMPTY_SOLUTION))).toBeUndefined()
    for (const name of readdirSync(CORPUS_DIR).filter((item) => /uipath|rpa-lint/.test(item)))
      expect((await detectFolderPlatform(join(CORPUS_DIR, name)))?.platform, name).toBe('uipath')
    await expect(detectFolderPlatform(CORPUS_DIR)).rejects.toMatchObject({
      code: 'MIXED_PLATFORMS',
      details: expect.arrayContaining([
        expect.objectContaining({ platform: 'uipath' }),
        expect.objectContaining({ platform: 'power-automate' }),
        expect.objectContaining({ platform: 'blue-prism' }),
      ]),
    })
  })

  it('names say nothing: a .json that is no flow, an .xml that is no export, a folder named like a platform', async () => {
    const none = folder('blue-prism-flows', {
      'a.json': '{"a": 1}',
      'b.xml': '<b/>',
      'c.bprelease': 'not xml',
    })
    expect(await detectFolderPlatform(none)).toBeUndefined()
    const flow = folder('exports', { 'deep/er/anything.json': FLOW })
    expect(await detectFolderPlatform(flow)).toEqual({ platform: 'power-automate', shape: 'flows-archive' })
    const process = folder('flows', { 'p.xml': PROCESS })
    expect(await detectFolderPlatform(process)).toEqual({ platform: 'blue-prism', shape: 'archive' })
  })

  it("a solution's classic Workflows/*.xaml is no UiPath file; outside a solution a .xaml is", async () => {
    const solution = folder('solution', {
      'Other/Solution.xml': '<ImportExportXml />',
      'Workflows/Flow-1.json': FLOW,
      'Workflows/Classic-2.xaml': '<Activity />',
    })
    expect(await detectFolderPlatform(solution)).toEqual({
      platform: 'power-automate',
      shape: 'solution-archive',
    })
    const mixed = folder('not-a-solution', {
      'Workflows/Flow-1.json': FLOW,
      'Workflows/Main.xaml': '<Activity />',
    })
    await expect(detectFolderPlatform(mixed)).rejects.toMatchObject({ code: 'MIXED_PLATFORMS' })
  })

  it('limits hold as for an archive: entries, bytes of one file, bytes in all (typed errors)', async () => {
    const many = folder(
      'many',
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.json`, FLOW])),
    )
    await expect(
      detectFolderPlatform(many, { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 10 }),
    ).rejects.toMatchObject({
      code: 'ARCHIVE_TOO_MANY_ENTRIES',
    })
    // Telling the platform reads one file at a time and skips JSON past one entry's limit ...
    expect(
      await detectFolderPlatform(many, { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: FLOW.length - 1 }),
    ).toBeUndefined()
    // ... reading the submission counts every byte kept.
    await expect(
      readFolderSubmission(
        many,
        { platform: 'power-automate', shape: 'flows-archive' },
        { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: FLOW.length - 1 },
      ),
    ).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' })
    await expect(
      readFolderSubmission(
        many,
        { platform: 'power-automate', shape: 'flows-archive' },
        { ...DEFAULT_ARCHIVE_LIMITS, maxSelectedBytes: FLOW.length * 5 },
      ),
    ).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' })
    const exports = folder('big-exports', { 'a.xml': PROCESS, 'b.xml': PROCESS })
    await expect(
      readFolderSubmission(
        exports,
        { platform: 'blue-prism', shape: 'archive' },
        { ...DEFAULT_ARCHIVE_LIMITS, maxSelectedBytes: PROCESS.length + 1 },
      ),
    ).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' })
  })

  it('links are never followed, to files or folders', async () => {
    const outside = folder('outside', { 'p.xml': PROCESS, 'flow.json': FLOW })
    const linked = folder('linked', { 'own.json': FLOW })
    symlinkSync(outside, join(linked, 'dir'))
    symlinkSync(join(outside, 'p.xml'), join(linked, 'p.xml'))
    expect(await detectFolderPlatform(linked)).toEqual({ platform: 'power-automate', shape: 'flows-archive' })
    const read = await readFolderSubmission(linked, { platform: 'power-automate', shape: 'flows-archive' })
    expect(onlyPaths(read.files)).toEqual(['own.json'])
  })
})
