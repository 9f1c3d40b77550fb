import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findCorpus } from '../../analysis/xaml/test-helpers.js'
import { AppError } from '../../domain/errors/app-error.js'
import { DEFAULT_ARCHIVE_LIMITS } from './archive-limits.js'
import { normaliseEntryPath, readZipArchive } from './read-zip-archive.js'
import { buildTestZip, deflatedZeros, type TestZipEntry } from './test-zip-writer.js'

const selectAll = (paths: readonly string[]) => new Set(paths)
const selectWhere = (keep: (path: string) => boolean) => (paths: readonly string[]) =>
  new Set(paths.filter(keep))
const workflow =
  '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence /></Activity>'

async function refusal(entries: readonly TestZipEntry[] | Buffer, limits = DEFAULT_ARCHIVE_LIMITS) {
  const buffer = Buffer.isBuffer(entries) ? entries : buildTestZip(entries)
  const started = performance.now()
  const error = await readZipArchive(buffer, { select: selectAll, limits }).then(
    () => null,
    (caught: unknown) => caught,
  )
  const ms = performance.now() - started
  if (!(error instanceof AppError)) throw new Error(`expected a typed refusal, got ${String(error)}`)
  return { code: error.code, details: error.details as unknown as Array<Record<string, unknown>>, ms }
}

describe('readZipArchive', () => {
  it('reads a real project zipped, byte for byte, selecting only what it is asked for', async () => {
    const corpus = findCorpus()
    if (corpus === undefined)
      throw new Error('the shared corpus is needed for this test (FLOWCERTA_CORPUS_DIR)')
    const root = path.join(corpus, 'uipath-reframework-2019')
    const names: string[] = []
    const walk = (dir: string): void => {
      for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, item.name)
        if (item.isDirectory()) walk(full)
        else names.push(path.relative(root, full).split(path.sep).join('/'))
      }
    }
    walk(root)
    const zip = buildTestZip(
      names.map((name) => ({
        name: `ReFramework-master/${name}`,
        data: fs.readFileSync(path.join(root, name)),
      })),
    )
    const read = await readZipArchive(zip, { select: selectWhere((p) => p.endsWith('.xaml')) })
    const xaml = names.filter((name) => name.endsWith('.xaml'))
    expect(read.files.map((file) => file.path).sort()).toEqual(
      xaml.map((name) => `ReFramework-master/${name}`).sort(),
    )
    for (const file of read.files) {
      expect(
        file.content.equals(fs.readFileSync(path.join(root, file.path.slice('ReFramework-master/'.length)))),
      ).toBe(true)
    }
    expect(read.allPaths).toHaveLength(names.length)
  })

  it('folds backslashes and ./ segments into one normal path', () => {
    expect(normaliseEntryPath('a\\b/./c.xaml')).toEqual({ path: 'a/b/c.xaml' })
    expect(normaliseEntryPath('./Main.xaml')).toEqual({ path: 'Main.xaml' })
    expect(normaliseEntryPath('Framework/')).toEqual({ path: 'Framework/' })
  })

  it.each([
    ['../evil.xaml'],
    ['a/../../evil.xaml'],
    ['..\\evil.xaml'],
    ['/etc/passwd'],
    ['\\Windows\\evil.xaml'],
    ['C:/evil.xaml'],
    ['C:evil.xaml'],
    ['\\\\server\\share\\evil.xaml'],
    ['a//b.xaml'],
    ['a\u0001\u001b[31m.xaml'],
  ])('refuses the unsafe path %j', async (name) => {
    const { code, details } = await refusal([
      { name: 'Main.xaml', data: workflow },
      { name, data: workflow },
    ])
    expect(code).toBe('ARCHIVE_UNSAFE_PATH')
    expect(details[0]).toMatchObject({ field: 'file', entry: name })
  })

  it('refuses a symbolic link (Unix mode) and a Windows reparse point', async () => {
    const unixLink = {
      name: 'link.xaml',
      data: '/etc/passwd',
      method: 0,
      versionMadeBy: (3 << 8) | 30,
      externalAttributes: (0o120777 << 16) >>> 0,
    }
    expect((await refusal([unixLink])).code).toBe('ARCHIVE_LINK')
    expect((await refusal([{ name: 'junction', data: '', externalAttributes: 0x400 }])).code).toBe(
      'ARCHIVE_LINK',
    )
    // An ordinary Unix file is fine.
    const file = {
      name: 'Main.xaml',
      data: workflow,
      versionMadeBy: (3 << 8) | 30,
      externalAttributes: (0o100644 << 16) >>> 0,
    }
    await expect(readZipArchive(buildTestZip([file]), { select: selectAll })).resolves.toMatchObject({
      files: [{ path: 'Main.xaml' }],
    })
  })

  it('refuses encrypted entries, selected or not', async () => {
    expect(
      (
        await refusal([
          { name: 'Main.xaml', data: workflow },
          { name: 'secret.bin', data: 'x', flags: 1 },
        ])
      ).code,
    ).toBe('ARCHIVE_ENCRYPTED')
  })

  it('refuses duplicate names, compared as Windows would', async () => {
    const { code, details } = await refusal([
      { name: 'Main.xaml', data: workflow },
      { name: 'main.XAML', data: workflow },
    ])
    expect(code).toBe('ARCHIVE_DUPLICATE_ENTRY')
    expect(details[0]?.entry).toBe('main.XAML')
  })

  it('refuses names that are not UTF-8 instead of guessing CP437', async () => {
    const { code } = await refusal([{ name: Buffer.from([0x4d, 0xe9, 0xff, 0x2e, 0x78]), data: workflow }])
    expect(code).toBe('ARCHIVE_INVALID_NAME')
  })

  it('refuses what is not a zip, and a truncated one', async () => {
    expect((await refusal(Buffer.from('<Activity/>'))).code).toBe('ARCHIVE_INVALID')
    const zip = buildTestZip([{ name: 'Main.xaml', data: workflow }])
    expect((await refusal(zip.subarray(0, zip.length - 10))).code).toBe('ARCHIVE_INVALID')
  })

  it('refuses 100,000 entries from the central directory count, before listing them', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ name: `f${i}.txt`, method: 0 }))
    const { code, details, ms } = await refusal(entries)
    expect(code).toBe('ARCHIVE_TOO_MANY_ENTRIES')
    expect(details[0]?.limit).toBe(DEFAULT_ARCHIVE_LIMITS.maxEntries)
    expect(ms).toBeLessThan(1000)
  })

  it('refuses an honest 1 GiB bomb from its headers, without inflating it', async () => {
    const gib = 1024 * 1024 * 1024
    const bomb = { name: 'Main.xaml', compressed: deflatedZeros(gib), uncompressedSize: gib }
    const before = process.memoryUsage().rss
    const { code, ms } = await refusal([bomb])
    expect(code).toBe('ARCHIVE_TOO_LARGE')
    expect(ms).toBeLessThan(1000)
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024)
    // Under the total limit, the ratio alone gives it away.
    const small = {
      name: 'Main.xaml',
      compressed: deflatedZeros(8 * 1024 * 1024),
      uncompressedSize: 8 * 1024 * 1024,
    }
    expect((await refusal([small])).code).toBe('ARCHIVE_COMPRESSION_RATIO')
  })

  it('stops a lying header after the real bytes pass the declared size: fast and bounded', async () => {
    const gib = 1024 * 1024 * 1024
    const liar = {
      name: 'Main.xaml',
      compressed: deflatedZeros(gib),
      uncompressedSize: gib,
      declaredSize: 1000,
    }
    const before = process.memoryUsage().rss
    const { code, ms } = await refusal([liar])
    expect(code).toBe('ARCHIVE_INVALID')
    expect(ms).toBeLessThan(1000)
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024)
  })

  it('counts real bytes against the per-entry limit even when the header is honest but the limit is lower', async () => {
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: 1000, maxCompressionRatio: 1e9 }
    expect((await refusal([{ name: 'Main.xaml', data: 'x'.repeat(5000) }], limits)).code).toBe(
      'ARCHIVE_TOO_LARGE',
    )
  })

  it('caps the selected files in all', async () => {
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxSelectedBytes: 3000 }
    const entries = Array.from({ length: 4 }, (_, i) => ({ name: `W${i}.xaml`, data: 'x'.repeat(1000) }))
    const { code, details } = await refusal(entries, limits)
    expect(code).toBe('ARCHIVE_TOO_LARGE')
    expect(details[0]?.limitBytes).toBe(3000)
  })

  it('lists nested archives as skipped and never opens them (a deep nest costs nothing)', async () => {
    let nested = buildTestZip([{ name: 'Main.xaml', data: workflow }])
    for (let depth = 0; depth < 20; depth++)
      nested = buildTestZip([{ name: `level${depth}.zip`, data: nested }])
    const read = await readZipArchive(
      buildTestZip([
        { name: 'Main.xaml', data: workflow },
        { name: 'deps/UiPath.System.Activities.nupkg', data: nested },
        { name: 'more.zip', data: nested },
      ]),
      { select: selectAll },
    )
    expect(read.files.map((file) => file.path)).toEqual(['Main.xaml'])
    expect(read.skipped).toEqual([
      { path: 'deps/UiPath.System.Activities.nupkg', reason: 'nested archive (not opened)' },
      { path: 'more.zip', reason: 'nested archive (not opened)' },
    ])
  })

  it('refuses a selected entry in a compression method zlib cannot inflate, and ignores one not selected', async () => {
    const lzma = { name: 'Main.xaml', data: workflow, method: 14 }
    expect((await refusal([lzma])).code).toBe('ARCHIVE_UNSUPPORTED_COMPRESSION')
    const read = await readZipArchive(
      buildTestZip([
        { name: 'notes.txt', data: 'x', method: 14 },
        { name: 'Main.xaml', data: workflow },
      ]),
      {
        select: selectWhere((p) => p.endsWith('.xaml')),
      },
    )
    expect(read.files).toHaveLength(1)
  })

  it('reads stored and deflated entries alike', async () => {
    const read = await readZipArchive(
      buildTestZip([
        { name: 'a.xaml', data: workflow, method: 0 },
        { name: 'b.xaml', data: workflow, method: 8 },
      ]),
      { select: selectAll },
    )
    expect(read.files.map((file) => file.content.toString())).toEqual([workflow, workflow])
  })
})
