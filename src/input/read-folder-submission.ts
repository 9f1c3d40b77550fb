/**
 * A folder on disk as one submission, for the CLI: the folder counterpart of read-submission.ts.
 *
 * Which platform a folder is comes from its files' content, as for an upload, never from the
 * folder's name (platforms-of-files.ts, the rule a zip upload is held to as well). Files of more
 * than one platform: MIXED_PLATFORMS, naming the files of each, since a folder is validated as ONE
 * submission under ONE pack. Files of none: undefined (the caller says so).
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
import type { Platform } from '../domain/platforms.js'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive/archive-limits.js'
import type { SkippedEntry } from './archive/read-zip-archive.js'
import { zipFiles } from './archive/zip-writer.js'
import type { DetectedPlatform } from './detect-platform.js'
import { byteBudget, listFolder } from './folder-files.js'
import { platformsOfFiles, singlePlatform } from './platforms-of-files.js'
import {
  BLUE_PRISM_CANDIDATE,
  isBluePrismExport,
  NOT_A_BLUE_PRISM_EXPORT,
} from './read-blue-prism-submission.js'
import { readPowerAutomateFolder } from './read-power-automate-folder.js'
import type { ProjectSourceFile } from './read-uipath-project-archive.js'
import { MAX_SNIFF_BYTES } from './sniff-file-head.js'

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

/**
 * The platform of a folder, by its files' content; undefined when no file is a workflow of any
 * platform. Throws MIXED_PLATFORMS, ARCHIVE_TOO_MANY_ENTRIES, ARCHIVE_TOO_LARGE.
 */
export async function detectFolderPlatform(
  folder: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<DetectedPlatform | undefined> {
  const entries = await listFolder(folder, limits)
  const found = await platformsOfFiles(entries, limits, (entry, need) =>
    need === 'head' ? readHead(join(folder, entry.path)) : readFile(join(folder, entry.path)),
  )
  return singlePlatform(found, 'folder')
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
