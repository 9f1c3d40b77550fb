/**
 * The files of a folder on disk, read as an archive's entries are: bounded by the archive limits
 * (entries walked, bytes per file, bytes in all) and without following links (a link could point
 * anywhere on the disk). Used by the folder readers (read-folder-submission.ts,
 * read-power-automate-folder.ts).
 *
 * @module
 */
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../domain/errors/app-error.js'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive/archive-limits.js'

/** One regular file of a folder: its `/`-separated path inside the folder and its size. */
export interface FolderEntry {
  readonly path: string
  readonly size: number
}

/**
 * Every regular file under `folder`, sorted by path; links (to files or folders) are left out.
 * More than `maxEntries` entries (files and folders): ARCHIVE_TOO_MANY_ENTRIES, as for a zip.
 */
export async function listFolder(
  folder: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<FolderEntry[]> {
  const found: FolderEntry[] = []
  let entries = 0
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const items = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
    for (const item of items) {
      if (++entries > limits.maxEntries) {
        throw new AppError('ARCHIVE_TOO_MANY_ENTRIES', {
          message: `the folder has more than ${limits.maxEntries} entries`,
          details: [{ field: 'folder', reason: 'has too many entries', limit: limits.maxEntries }],
        })
      }
      const path = `${prefix}${item.name}`
      if (item.isSymbolicLink()) continue
      if (item.isDirectory()) await walk(join(dir, item.name), `${path}/`)
      else if (item.isFile()) {
        found.push({ path, size: (await lstat(join(dir, item.name))).size })
      }
    }
  }
  await walk(folder, '')
  return found
}

/** Counts the bytes read from a folder against the archive limits (one file, all files). */
export function byteBudget(limits: ArchiveLimits) {
  let total = 0
  return (entry: FolderEntry): void => {
    total += entry.size
    if (entry.size > limits.maxEntryBytes || total > limits.maxSelectedBytes) {
      const limit = entry.size > limits.maxEntryBytes ? limits.maxEntryBytes : limits.maxSelectedBytes
      throw new AppError('ARCHIVE_TOO_LARGE', {
        message: `${entry.path}: the folder's workflow files are larger than allowed (${limit} bytes)`,
        details: [{ field: 'folder', reason: 'is larger than allowed', path: entry.path, limitBytes: limit }],
      })
    }
  }
}
