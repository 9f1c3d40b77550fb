/**
 * Where a UiPath project is inside a list of paths (an archive's entries, or a folder's files),
 * and which of its files are workflow sources. Pure: paths in, a plan out; the archive reader
 * and the CLI's folder reader both use it, so a project reads the same zipped or not.
 *
 * - The project root is the folder of the shallowest `project.json` (a Studio export, a
 *   repository download with one top folder, a `.nupkg` that keeps sources under `lib/net45/` or
 *   `contentFiles/any/any/`). Without one, a single top folder shared by every path is the root.
 * - A deeper `project.json` below the root is another project (tests, libraries kept beside the
 *   process): its folder is left out and listed.
 * - Studio's autosave and backup files are skipped and listed (STUDIO_SKIP_RULES).
 */
import { AppError } from '../domain/errors/app-error.js'
import type { SkippedEntry } from './archive/read-zip-archive.js'

/** Studio's own files that look like sources but are not the project's: data, with the why. */
export const STUDIO_SKIP_RULES: ReadonlyArray<{
  readonly test: (segments: readonly string[]) => boolean
  readonly reason: string
}> = Object.freeze([
  { test: (s) => s.includes('.local'), reason: "Studio's local cache (.local/)" },
  { test: (s) => s.includes('.settings'), reason: "Studio's settings folder (.settings/)" },
  { test: (s) => s.includes('.screenshots'), reason: "Studio's screenshots (.screenshots/)" },
  { test: (s) => s.some((part) => part.toLowerCase().endsWith('.tmh')), reason: 'Test Manager file (.tmh)' },
  { test: (s) => (s.at(-1) ?? '').startsWith('~'), reason: "Studio's autosave or lock copy (~*.xaml)" },
])

export interface UiPathProjectLayout {
  /** The project root inside the paths, '' or `folder/` (ends with a slash). */
  readonly root: string
  /** Full path of the project's project.json, or null when there is none. */
  readonly projectJsonPath: string | null
  /** Full paths of the workflow sources (`.xaml`) that belong to the project, sorted. */
  readonly workflowPaths: readonly string[]
  /** Files left out on purpose, with the reason (autosave copies, other projects, outside the root). */
  readonly skipped: readonly SkippedEntry[]
}

const PROJECT_JSON = 'project.json'

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? '' : path.slice(0, slash + 1)
}

function depth(path: string): number {
  return path.split('/').length
}

function skipReason(path: string): string | null {
  const segments = path.split('/')
  for (const rule of STUDIO_SKIP_RULES) if (rule.test(segments)) return rule.reason
  return null
}

function singleTopFolder(paths: readonly string[]): string {
  const first = paths[0]
  if (first === undefined || !first.includes('/')) return ''
  const top = first.slice(0, first.indexOf('/') + 1)
  return paths.every((path) => path.startsWith(top)) ? top : ''
}

/**
 * Plans the project inside `paths` (normalised, `/`-separated, files only). Throws
 * ARCHIVE_MULTIPLE_PROJECTS when two project.json files are equally shallow, and
 * ARCHIVE_NO_WORKFLOWS when the project has no workflow source.
 */
export function planUiPathProject(
  paths: readonly string[],
  what: 'archive' | 'package' | 'folder' = 'archive',
): UiPathProjectLayout {
  const skipped: SkippedEntry[] = []
  const kept: string[] = []
  for (const path of paths) {
    const reason = skipReason(path)
    if (reason === null) kept.push(path)
    else if (path.toLowerCase().endsWith('.xaml') || path.endsWith(PROJECT_JSON))
      skipped.push({ path, reason })
  }
  const projectJsons = kept.filter((path) => path === PROJECT_JSON || path.endsWith(`/${PROJECT_JSON}`))
  const shallowest = Math.min(...projectJsons.map(depth))
  const roots = projectJsons.filter((path) => depth(path) === shallowest)
  if (roots.length > 1) {
    throw new AppError('ARCHIVE_MULTIPLE_PROJECTS', {
      message: `The ${what} holds ${roots.length} projects side by side (${roots.slice(0, 5).join(', ')}); submit one project at a time.`,
      details: roots.map((path) => ({
        field: 'file',
        reason: 'is the project.json of one of several projects',
        entry: path,
      })),
    })
  }
  const projectJsonPath = roots[0] ?? null
  const root = projectJsonPath === null ? singleTopFolder(kept) : folderOf(projectJsonPath)
  const otherProjects = projectJsons.filter((path) => path !== projectJsonPath).map(folderOf)
  const workflowPaths: string[] = []
  for (const path of kept) {
    if (!path.toLowerCase().endsWith('.xaml')) continue
    if (!path.startsWith(root)) {
      skipped.push({ path, reason: `outside the project folder (${root})` })
      continue
    }
    const other = otherProjects.find((folder) => path.startsWith(folder))
    if (other !== undefined) {
      skipped.push({ path, reason: `belongs to another project (${other}${PROJECT_JSON})` })
      continue
    }
    workflowPaths.push(path)
  }
  if (workflowPaths.length === 0) {
    const hint =
      what === 'package'
        ? ' A package built without its sources cannot be checked: submit the project folder zipped, or pack it with sources.'
        : ''
    throw new AppError('ARCHIVE_NO_WORKFLOWS', {
      message: `The ${what} holds no workflow source (.xaml) to check.${hint}`,
      details: [{ field: 'file', reason: 'has no .xaml workflow', entries: paths.length }],
    })
  }
  workflowPaths.sort()
  return { root, projectJsonPath, workflowPaths, skipped }
}
