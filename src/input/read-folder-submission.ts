/**
 * A folder on disk as one submission, for the CLI: the folder counterpart of read-submission.ts.
 *
 * Which platform a folder is comes from its files' content, as for an upload
 * (detect-platform.ts), never from the folder's name:
 * - a `.bprelease`, `.bpprocess`, `.bpobject` or `.xml` whose root is a Blue Prism export →
 *   Blue Prism (other XML says nothing);
 * - a JSON file that holds a workflow definition, or the structure of a solution or legacy package
 *   (`detectArchivePlatform` on the folder's paths) → Power Automate (other JSON says nothing);
 * - a `.xaml` → UiPath, except a solution's classic Dataverse workflows (`Workflows/*.xaml` beside
 *   a `solution.xml`), which are listed as skipped, as in a solution zip.
 * Files of more than one platform: MIXED_PLATFORMS, naming one file of each, since a folder is
 * validated as ONE submission under ONE pack. Files of none: undefined (the caller says so).
 *
 * Reading is bounded as an archive is (DEFAULT_ARCHIVE_LIMITS): entries walked, bytes per file and
 * bytes read in all; links are not followed (a link could point anywhere on the disk). Only the
 * files the platform's reader would inflate from a zip are read, and {@link folderArchive} zips
 * exactly those (plus what is listed as skipped) for `--server`, so that the server, reading the
 * zip, sees what the CLI sees locally.
 *
 * @module
 */
import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../domain/errors/app-error.js'
import { PLATFORM_LABELS, type Platform } from '../domain/platforms.js'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive/archive-limits.js'
import type { SkippedEntry } from './archive/read-zip-archive.js'
import { zipFiles } from './archive/zip-writer.js'
import {
  bluePrismShapeOfRoot,
  type DetectedPlatform,
  detectArchivePlatform,
  detectFilePlatform,
} from './detect-platform.js'
import { byteBudget, type FolderEntry, listFolder } from './folder-files.js'
import {
  BLUE_PRISM_CANDIDATE,
  isBluePrismExport,
  NOT_A_BLUE_PRISM_EXPORT,
} from './read-blue-prism-submission.js'
import { readPowerAutomateFolder } from './read-power-automate-folder.js'
import { CLASSIC_WORKFLOW } from './read-power-automate-submission.js'
import type { ProjectSourceFile } from './read-uipath-project-archive.js'
import { decodeHead, MAX_SNIFF_BYTES, sniffFileHead, sniffXmlRoot } from './sniff-file-head.js'

/** A folder of Power Automate or Blue Prism files, read as that platform's submission. */
export interface FolderSubmission {
  readonly platform: Exclude<Platform, 'uipath'>
  readonly shape: DetectedPlatform['shape']
  /** Paths inside the folder. */
  readonly files: readonly ProjectSourceFile[]
  readonly skipped: readonly SkippedEntry[]
}

/** The first bytes of a file (an XML root is all a sniff needs). */
async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(MAX_SNIFF_BYTES)
    const { bytesRead } = await handle.read(head, 0, MAX_SNIFF_BYTES, 0)
    return head.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

const JSON_FILE = /\.json$/i

/** What one file of the folder says about the platform, by its content (see the module doc). */
async function platformOfFile(
  folder: string,
  entry: FolderEntry,
  inSolution: boolean,
  limits: ArchiveLimits,
): Promise<Platform | undefined> {
  const lower = entry.path.toLowerCase()
  if (lower.endsWith('.xaml')) return inSolution && CLASSIC_WORKFLOW.test(entry.path) ? undefined : 'uipath'
  if (BLUE_PRISM_CANDIDATE.test(entry.path)) {
    const root = sniffXmlRoot(decodeHead(await readHead(join(folder, entry.path)), MAX_SNIFF_BYTES))
    return root !== undefined && bluePrismShapeOfRoot(root) !== undefined ? 'blue-prism' : undefined
  }
  if (JSON_FILE.test(entry.path)) {
    // A flow is told by its whole JSON (the definition may come after megabytes of metadata).
    // One file at a time, at most one entry's limit: a larger one could not be read as a flow
    // anyway (the reader refuses it, ARCHIVE_TOO_LARGE), and any other JSON of a UiPath project
    // (caches, settings) must not make its folder unreadable.
    if (entry.size > limits.maxEntryBytes) return undefined
    const head = sniffFileHead(await readFile(join(folder, entry.path)))
    // No name given: only the content decides (a `.json` name would make any JSON a flow).
    return detectFilePlatform(head, '')?.platform === 'power-automate' ? 'power-automate' : undefined
  }
  return undefined
}

/** MIXED_PLATFORMS: the platforms found, one file of each. */
function mixedPlatforms(examples: ReadonlyMap<Platform, string>): AppError {
  const found = [...examples].map(([platform, path]) => `${PLATFORM_LABELS[platform]} (${path})`)
  return new AppError('MIXED_PLATFORMS', {
    message: `The folder holds workflows of more than one platform: ${found.join(', ')}; validate each platform's files on their own.`,
    details: [...examples].map(([platform, path]) => ({
      field: 'folder',
      reason: `holds ${PLATFORM_LABELS[platform]} files`,
      platform,
      path,
    })),
  })
}

/**
 * The platform of a folder, by its files' content; undefined when no file is a workflow of any
 * platform. Throws MIXED_PLATFORMS, ARCHIVE_TOO_MANY_ENTRIES, ARCHIVE_TOO_LARGE.
 */
export async function detectFolderPlatform(
  folder: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<DetectedPlatform | undefined> {
  const entries = await listFolder(folder, limits)
  const structure = detectArchivePlatform(entries.map((entry) => entry.path))
  const packaged = structure.shape === 'solution-archive' || structure.shape === 'package-archive'
  const examples = new Map<Platform, string>()
  for (const entry of entries) {
    const platform = await platformOfFile(folder, entry, structure.shape === 'solution-archive', limits)
    if (platform !== undefined && !examples.has(platform)) examples.set(platform, entry.path)
  }
  if (packaged && !examples.has('power-automate')) {
    const marker = entries.find((entry) => /(^|\/)(solution|manifest)\.[a-z]+$/i.test(entry.path))
    examples.set('power-automate', marker?.path ?? entries[0]?.path ?? '')
  }
  if (examples.size > 1) throw mixedPlatforms(examples)
  const [platform] = examples.keys()
  if (platform === undefined) return undefined
  if (platform === 'uipath') return { platform, shape: 'project-archive' }
  if (platform === 'power-automate') return { platform, shape: packaged ? structure.shape : 'flows-archive' }
  return { platform, shape: 'archive' }
}

/**
 * Reads a folder that {@link detectFolderPlatform} found to be Power Automate or Blue Prism: the
 * files its reader would inflate from a zip of the folder, and what it would list as skipped.
 */
export async function readFolderSubmission(
  folder: string,
  detected: DetectedPlatform & { readonly platform: Exclude<Platform, 'uipath'> },
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<FolderSubmission> {
  if (detected.platform === 'power-automate') {
    const read = await readPowerAutomateFolder(folder, limits)
    return { platform: detected.platform, shape: detected.shape, files: read.files, skipped: read.skipped }
  }
  const count = byteBudget(limits)
  const files: ProjectSourceFile[] = []
  const skipped: SkippedEntry[] = []
  for (const entry of await listFolder(folder, limits)) {
    if (!BLUE_PRISM_CANDIDATE.test(entry.path)) continue
    count(entry)
    const content = await readFile(join(folder, entry.path))
    if (isBluePrismExport(content)) files.push({ path: entry.path, content })
    else skipped.push({ path: entry.path, reason: NOT_A_BLUE_PRISM_EXPORT })
  }
  return { platform: detected.platform, shape: detected.shape, files, skipped }
}

/**
 * The zip `--server` sends for a folder: the files read and those listed as skipped (so the
 * server lists them too), at their paths inside the folder. Classic workflows are read only here.
 */
export async function folderArchive(
  folder: string,
  submission: FolderSubmission,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<Buffer> {
  const count = byteBudget(limits)
  const entries = [...submission.files]
  for (const file of entries) count({ path: file.path, size: file.content.length })
  for (const skipped of submission.skipped) {
    const content = await readFile(join(folder, skipped.path))
    count({ path: skipped.path, size: content.length })
    entries.push({ path: skipped.path, content })
  }
  return zipFiles(entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
}
