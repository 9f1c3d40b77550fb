/**
 * Blue Prism exports from an upload: one `.bprelease`, one process or object export
 * (`.bpprocess`, `.bpobject`, `.xml` with a `<process bpversion=…>` root), or a zip of them.
 * In a zip, every `.bprelease`, `.bpprocess`, `.bpobject` and `.xml` entry is read (the zip
 * reader's safety checks and limits apply) and kept when its root is a Blue Prism export; other
 * XML is listed as skipped. A zip with none is refused (ARCHIVE_NO_WORKFLOWS).
 *
 * @module
 */
import { AppError } from '../domain/errors/app-error.js'
import type { ArchiveLimits } from './archive/archive-limits.js'
import { readZipArchive, type SkippedEntry } from './archive/read-zip-archive.js'
import { bluePrismShapeOfRoot } from './detect-platform.js'
import type { ProjectSourceFile } from './read-uipath-project-archive.js'
import { decodeHead, MAX_SNIFF_BYTES, sniffXmlRoot } from './sniff-file-head.js'

export interface BluePrismSubmissionFiles {
  readonly files: readonly ProjectSourceFile[]
  readonly skipped: readonly SkippedEntry[]
}

/** The entries read from a zip (or a folder) of exports; kept when their root is an export. */
export const BLUE_PRISM_CANDIDATE = /\.(bprelease|bpprocess|bpobject|xml)$/i
export const NOT_A_BLUE_PRISM_EXPORT = 'not a Blue Prism release, process or object export'

/** True when the bytes are a Blue Prism release, process or object export (by the root element). */
export function isBluePrismExport(bytes: Uint8Array): boolean {
  const root = sniffXmlRoot(decodeHead(bytes, MAX_SNIFF_BYTES))
  return root !== undefined && bluePrismShapeOfRoot(root) !== undefined
}

export async function readBluePrismArchive(
  buffer: Buffer,
  limits?: ArchiveLimits,
): Promise<BluePrismSubmissionFiles> {
  const contents = await readZipArchive(buffer, {
    ...(limits === undefined ? {} : { limits }),
    select: (paths) => new Set(paths.filter((path) => BLUE_PRISM_CANDIDATE.test(path))),
  })
  const files: ProjectSourceFile[] = []
  const skipped: SkippedEntry[] = [...contents.skipped]
  for (const file of contents.files) {
    if (isBluePrismExport(file.content)) files.push(file)
    else skipped.push({ path: file.path, reason: NOT_A_BLUE_PRISM_EXPORT })
  }
  if (files.length === 0) {
    throw new AppError('ARCHIVE_NO_WORKFLOWS', {
      message: 'The archive holds no Blue Prism release, process or object export.',
      details: [
        { field: 'file', reason: 'has no Blue Prism export (.bprelease, .bpprocess, .bpobject, .xml)' },
      ],
    })
  }
  return { files, skipped }
}
