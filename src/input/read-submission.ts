/**
 * One upload → its platform and the files that platform's analyzer reads: the one place the API
 * and the CLI turn bytes into a submission. The platform comes from the content
 * (detect-platform.ts); a `platform` the client names must agree with it (PLATFORM_MISMATCH),
 * and names the platform when the content cannot (a `.txt` holding XAML with `platform: uipath`).
 * A zip's platform is told by its files' content as a folder's is, and a zip whose files are of more
 * than one platform is refused (MIXED_PLATFORMS): one rule, platforms-of-files.ts.
 *
 * @module
 */
import { AppError } from '../domain/errors/app-error.js'
import { PLATFORM_LABELS, PLATFORMS, type Platform } from '../domain/platforms.js'
import type { ArchiveLimits } from './archive/archive-limits.js'
import type { SkippedEntry } from './archive/read-zip-archive.js'
import { type DetectedPlatform, detectFilePlatform, type SubmissionShape } from './detect-platform.js'
import { detectArchiveContentPlatform } from './platforms-of-files.js'
import { readBluePrismArchive } from './read-blue-prism-submission.js'
import { readPowerAutomateArchive } from './read-power-automate-submission.js'
import {
  isZipArchive,
  type ProjectSourceFile,
  readUiPathProjectArchive,
  type UiPathProjectFiles,
} from './read-uipath-project-archive.js'
import { sniffFileHead } from './sniff-file-head.js'

/** What an upload is, read: a UiPath workflow or project (read as before), or another platform's files. */
export type Submission =
  | { readonly platform: 'uipath'; readonly shape: 'workflow'; readonly content: Buffer }
  | { readonly platform: 'uipath'; readonly shape: 'project-archive'; readonly project: UiPathProjectFiles }
  | {
      readonly platform: Exclude<Platform, 'uipath'>
      readonly shape: SubmissionShape
      /** Paths inside the archive, or the upload's own name for a single file. */
      readonly files: readonly ProjectSourceFile[]
      readonly skipped: readonly SkippedEntry[]
    }

function unsupported(fileName: string): never {
  throw new AppError('UNSUPPORTED_PLATFORM', {
    message: `Cannot tell the platform of "${fileName}" from its content: UiPath .xaml files and project archives, Power Automate solutions, packages and flow JSON, and Blue Prism releases, processes and objects (or a zip of them) are supported.`,
    details: [{ field: 'fileName', reason: 'is no workflow of a supported platform' }],
  })
}

/** Refuses a client's `platform` that is not one, or that the content contradicts. */
export function checkGivenPlatform(given: string | undefined, detected: Platform | undefined): void {
  if (given === undefined) return
  if (!(PLATFORMS as readonly string[]).includes(given)) {
    throw new AppError('UNSUPPORTED_PLATFORM', {
      message: `Platform "${given}" is not supported; supported: ${PLATFORMS.join(', ')}.`,
      details: [
        { field: 'platform', reason: 'is not a supported platform', value: given, allowed: PLATFORMS },
      ],
    })
  }
  if (detected !== undefined && detected !== given) {
    throw new AppError('PLATFORM_MISMATCH', {
      message: `The file is a ${PLATFORM_LABELS[detected]} submission, not ${PLATFORM_LABELS[given as Platform]}.`,
      details: [{ field: 'platform', reason: `the content is ${detected}`, value: given, detected }],
    })
  }
}

/**
 * The platform of an upload: a file's by its head, a zip's by the content of the entries that could
 * name a platform (MIXED_PLATFORMS when they name several).
 */
export async function detectSubmissionPlatform(
  content: Buffer,
  fileName: string,
  limits?: ArchiveLimits,
): Promise<DetectedPlatform | undefined> {
  if (isZipArchive(content)) return detectArchiveContentPlatform(content, limits)
  return detectFilePlatform(sniffFileHead(content), fileName)
}

/**
 * Reads an upload as its platform's submission. `givenPlatform` is the client's `platform`
 * field, checked against the content.
 */
export async function readSubmission(
  content: Buffer,
  fileName: string,
  givenPlatform?: string,
  limits?: ArchiveLimits,
): Promise<Submission> {
  // A zip is ONE submission under ONE pack: files of two platforms are refused here, as a folder's are.
  const detected = await detectSubmissionPlatform(content, fileName, limits)
  checkGivenPlatform(givenPlatform, detected?.platform)
  const platform = detected?.platform ?? (givenPlatform as Platform | undefined) ?? unsupported(fileName)
  const zip = isZipArchive(content)
  if (platform === 'uipath') {
    return zip
      ? { platform, shape: 'project-archive', project: await readUiPathProjectArchive(content, limits) }
      : { platform, shape: 'workflow', content }
  }
  if (!zip) {
    const shape = detected?.shape ?? (platform === 'blue-prism' ? 'process' : 'flow')
    return { platform, shape, files: [{ path: fileName, content }], skipped: [] }
  }
  const read =
    platform === 'blue-prism'
      ? await readBluePrismArchive(content, limits)
      : await readPowerAutomateArchive(content, limits)
  return {
    platform,
    shape: detected?.shape ?? 'archive',
    files: read.files,
    skipped: read.skipped,
  }
}
