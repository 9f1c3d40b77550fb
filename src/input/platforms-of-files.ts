/**
 * Which platforms a set of files holds, by each file's content: the one rule behind MIXED_PLATFORMS,
 * for a folder on disk (the CLI, read-folder-submission.ts) and for a zip upload (the API and the
 * CLI, read-submission.ts). A submission is validated as ONE submission under ONE pack, so files of
 * more than one platform are refused rather than half-analysed under the wrong rules.
 *
 * What a file says:
 * - a `.xaml` → UiPath, except a solution's classic Dataverse workflows (`Workflows/*.xaml` beside
 *   a `solution.xml`), which the Power Automate reader lists as skipped;
 * - a `.bprelease`, `.bpprocess`, `.bpobject` or `.xml` whose root is a Blue Prism export → Blue
 *   Prism (other XML says nothing);
 * - a JSON file that holds a workflow definition → Power Automate (other JSON says nothing), as
 *   does the structure of a solution or legacy package (`detectArchivePlatform` on the paths).
 * A JSON file larger than one entry's limit says nothing (see below).
 *
 * @module
 */
import { AppError } from '../domain/errors/app-error.js'
import { PLATFORM_LABELS, type Platform } from '../domain/platforms.js'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive/archive-limits.js'
import { readZipArchive } from './archive/read-zip-archive.js'
import {
  bluePrismShapeOfRoot,
  type DetectedPlatform,
  detectArchivePlatform,
  detectFilePlatform,
} from './detect-platform.js'
import { BLUE_PRISM_CANDIDATE } from './read-blue-prism-submission.js'
import { CLASSIC_WORKFLOW } from './read-power-automate-submission.js'
import { decodeHead, MAX_SNIFF_BYTES, sniffFileHead, sniffXmlRoot } from './sniff-file-head.js'

/** One file of a folder or an archive: its `/`-separated path inside it and its size. */
export interface CandidateFile {
  readonly path: string
  readonly size: number
}

/**
 * Reads a file's bytes for the sniff: `head` when the XML root is all that is needed (a reader may
 * return more), the whole file otherwise. Undefined: not read (the file then says nothing).
 */
export type ReadCandidate = (file: CandidateFile, need: 'head' | 'whole') => Promise<Buffer | undefined>

const JSON_FILE = /\.json$/i

/** What one file says about the platform (see the module doc). */
async function platformOfFile(
  file: CandidateFile,
  inSolution: boolean,
  limits: ArchiveLimits,
  read: ReadCandidate,
): Promise<Platform | undefined> {
  const lower = file.path.toLowerCase()
  if (lower.endsWith('.xaml')) return inSolution && CLASSIC_WORKFLOW.test(file.path) ? undefined : 'uipath'
  if (BLUE_PRISM_CANDIDATE.test(file.path)) {
    const head = await read(file, 'head')
    if (head === undefined) return undefined
    const root = sniffXmlRoot(decodeHead(head, MAX_SNIFF_BYTES))
    return root !== undefined && bluePrismShapeOfRoot(root) !== undefined ? 'blue-prism' : undefined
  }
  if (JSON_FILE.test(file.path)) {
    // A flow is told by its whole JSON (the definition may come after megabytes of metadata).
    // At most one entry's limit: a larger one could not be read as a flow anyway (the reader
    // refuses it, ARCHIVE_TOO_LARGE), and any other JSON of a UiPath project (caches, settings)
    // must not make it unreadable.
    if (file.size > limits.maxEntryBytes) return undefined
    const content = await read(file, 'whole')
    if (content === undefined) return undefined
    // No name given: only the content decides (a `.json` name would make any JSON a flow).
    return detectFilePlatform(sniffFileHead(content), '')?.platform === 'power-automate'
      ? 'power-automate'
      : undefined
  }
  return undefined
}

/** The files of each platform found, in the order given; and the paths' own structure. */
export interface PlatformsOfFiles {
  readonly byPlatform: ReadonlyMap<Platform, readonly string[]>
  /** A Power Automate solution or legacy package by its structure. */
  readonly packaged?: DetectedPlatform['shape']
}

/** The platforms the files hold, by content (see the module doc). One file at a time. */
export async function platformsOfFiles(
  files: readonly CandidateFile[],
  limits: ArchiveLimits,
  read: ReadCandidate,
): Promise<PlatformsOfFiles> {
  const structure = detectArchivePlatform(files.map((file) => file.path))
  const packaged =
    structure.shape === 'solution-archive' || structure.shape === 'package-archive'
      ? structure.shape
      : undefined
  const byPlatform = new Map<Platform, string[]>()
  for (const file of files) {
    const platform = await platformOfFile(file, structure.shape === 'solution-archive', limits, read)
    if (platform === undefined) continue
    const paths = byPlatform.get(platform) ?? []
    paths.push(file.path)
    byPlatform.set(platform, paths)
  }
  if (packaged !== undefined && !byPlatform.has('power-automate')) {
    const marker = files.find((file) => /(^|\/)(solution|manifest)\.[a-z]+$/i.test(file.path))
    byPlatform.set('power-automate', [marker?.path ?? files[0]?.path ?? ''])
  }
  return packaged === undefined ? { byPlatform } : { byPlatform, packaged }
}

/** How many paths of each platform a MIXED_PLATFORMS error names (a project has hundreds). */
const NAMED_PATHS = 10

/**
 * MIXED_PLATFORMS for a folder or an archive: each platform found, with its files (the first
 * {@link NAMED_PATHS}) and their count. `path` is the first file of the platform.
 */
export function mixedPlatforms(
  found: ReadonlyMap<Platform, readonly string[]>,
  where: 'folder' | 'archive',
): AppError {
  const named = [...found].map(([platform, paths]) => `${PLATFORM_LABELS[platform]} (${paths[0]})`)
  return new AppError('MIXED_PLATFORMS', {
    message: `The ${where} holds workflows of more than one platform: ${named.join(', ')}; validate each platform's files on their own.`,
    details: [...found].map(([platform, paths]) => ({
      field: where === 'folder' ? 'folder' : 'file',
      reason: `holds ${PLATFORM_LABELS[platform]} files`,
      platform,
      path: paths[0],
      paths: paths.slice(0, NAMED_PATHS),
      fileCount: paths.length,
    })),
  })
}

/**
 * The one platform of the files found (a folder's or an archive's), its shape as the readers name
 * it; MIXED_PLATFORMS when there are several, undefined when no file names one.
 */
export function singlePlatform(
  found: PlatformsOfFiles,
  where: 'folder' | 'archive',
): DetectedPlatform | undefined {
  if (found.byPlatform.size > 1) throw mixedPlatforms(found.byPlatform, where)
  const [platform] = found.byPlatform.keys()
  if (platform === undefined) return undefined
  if (platform === 'uipath') return { platform, shape: 'project-archive' }
  if (platform === 'power-automate') return { platform, shape: found.packaged ?? 'flows-archive' }
  return { platform, shape: 'archive' }
}

/**
 * The platform of a zip by its files' content, as a folder's (MIXED_PLATFORMS when several): an
 * `.xml` is Blue Prism only when its root is a Blue Prism export, a `.json` Power Automate only when
 * it holds a flow. When no file names a platform, the paths decide ({@link detectArchivePlatform}),
 * so a zip of broken files still gets its platform's reader's error.
 *
 * Only the entries that could name a platform the paths do not already make certain are inflated (a
 * `.xaml` is UiPath by its name, a solution's or package's structure is Power Automate), each
 * within one entry's limit and all within the selected bytes; an archive whose paths allow one
 * platform only, the one they give, is not read again at all. The archive's own safety checks run
 * as for any read.
 */
export async function detectArchiveContentPlatform(
  buffer: Buffer,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<DetectedPlatform> {
  let files: CandidateFile[] = []
  let structure: DetectedPlatform | undefined
  let certain = false
  const read = await readZipArchive(buffer, {
    limits,
    select: (allPaths, declaredSize) => {
      files = allPaths.map((path) => ({ path, size: declaredSize(path) }))
      structure = detectArchivePlatform(allPaths)
      const inSolution = structure.shape === 'solution-archive'
      const packaged = inSolution || structure.shape === 'package-archive'
      const uipath = allPaths.some(
        (path) => /\.xaml$/i.test(path) && !(inSolution && CLASSIC_WORKFLOW.test(path)),
      )
      const bluePrism = allPaths.some((path) => BLUE_PRISM_CANDIDATE.test(path))
      const flows = !packaged && allPaths.some((path) => JSON_FILE.test(path))
      const possible = new Set<Platform>()
      if (uipath) possible.add('uipath')
      if (bluePrism) possible.add('blue-prism')
      if (flows || packaged) possible.add('power-automate')
      const wanted = new Set<string>()
      // Content can only confirm the paths' answer or say nothing: the paths stand.
      certain = possible.size === 0 || (possible.size === 1 && possible.has(structure.platform))
      if (certain) return wanted
      let budget = limits.maxSelectedBytes
      for (const file of files) {
        const needed = BLUE_PRISM_CANDIDATE.test(file.path) || (flows && JSON_FILE.test(file.path))
        if (!needed || file.size > limits.maxEntryBytes || file.size > budget) continue
        wanted.add(file.path)
        budget -= file.size
      }
      return wanted
    },
  })
  if (structure === undefined) throw new Error('readZipArchive did not ask which entries to read')
  if (certain) return structure
  const contents = new Map(read.files.map((file) => [file.path, file.content]))
  const found = await platformsOfFiles(files, limits, async (file) => contents.get(file.path))
  const detected = singlePlatform(found, 'archive')
  return detected === undefined || detected.platform === structure.platform ? structure : detected
}
