/**
 * A UiPath project from an uploaded archive: a `.zip` of the project folder (as Studio exports
 * it, or a repository download with one top folder) or a `.nupkg` (a zip that keeps the sources
 * wherever its layout puts them). Told apart by content, not by name: a package has a `.nuspec`
 * at its top. Hostile-input checks are the zip reader's; where the project is, the layout's.
 */
import type { ArchiveLimits } from './archive/archive-limits.js'
import { readZipArchive, type SkippedEntry } from './archive/read-zip-archive.js'
import { planUiPathProject, type UiPathProjectLayout } from './uipath-project-layout.js'

export interface ProjectSourceFile {
  /** Path inside the project (relative to its root, `/`-separated). */
  readonly path: string
  readonly content: Buffer
}

export interface UiPathProjectFiles {
  readonly kind: 'archive' | 'package' | 'folder'
  /** Where the project root was inside the submission ('' = its top). */
  readonly root: string
  /** project.json's bytes, or null when the project has none. */
  readonly projectJson: Buffer | null
  readonly workflows: readonly ProjectSourceFile[]
  /** What was left out on purpose, with the reason (full paths inside the submission). */
  readonly skipped: readonly SkippedEntry[]
}

/** A zip by its first bytes: a local file header, or the end record of an empty archive. */
export function isZipArchive(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  )
}

function isPackage(paths: readonly string[]): boolean {
  return paths.some((path) => !path.includes('/') && path.toLowerCase().endsWith('.nuspec'))
}

export async function readUiPathProjectArchive(
  buffer: Buffer,
  limits?: ArchiveLimits,
): Promise<UiPathProjectFiles> {
  let layout: UiPathProjectLayout | undefined
  let kind: 'archive' | 'package' = 'archive'
  const contents = await readZipArchive(buffer, {
    ...(limits === undefined ? {} : { limits }),
    select: (allPaths) => {
      kind = isPackage(allPaths) ? 'package' : 'archive'
      layout = planUiPathProject(allPaths, kind)
      const wanted = new Set(layout.workflowPaths)
      if (layout.projectJsonPath !== null) wanted.add(layout.projectJsonPath)
      return wanted
    },
  })
  if (layout === undefined) throw new Error('readZipArchive did not ask which entries to read')
  const plan: UiPathProjectLayout = layout
  let projectJson: Buffer | null = null
  const workflows: ProjectSourceFile[] = []
  for (const file of contents.files) {
    if (file.path === plan.projectJsonPath) projectJson = file.content
    else workflows.push({ path: file.path.slice(plan.root.length), content: file.content })
  }
  return { kind, root: plan.root, projectJson, workflows, skipped: [...plan.skipped, ...contents.skipped] }
}
