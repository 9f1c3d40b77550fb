/**
 * Blue Prism's analyzer (platform-analyzer.ts): every file of the submission read into one
 * {@link BluePrismModel}; a file that cannot be read is listed with its {@link BluePrismError}.
 * `project` is the release's name (a single export: the process's or object's); the invocation
 * graph counts Action stages (objects called: resolved when the object is in the submission) and
 * Process stages (processes called, by id).
 *
 * @module
 */
import {
  analyzeSubmission,
  type PlatformAnalyzer,
  type ReadFile,
  submissionInfo,
} from '../platform-analyzer.js'
import { BluePrismError } from './blue-prism-error.js'
import type { BluePrismModel, Release, Workflow } from './blue-prism-model.js'
import { readBluePrismFile } from './read-blue-prism.js'

function invocationGraph(workflows: readonly Workflow[]) {
  const objects = new Set(workflows.filter((w) => w.kind === 'object').map((w) => w.name.toLowerCase()))
  const processIds = new Set(workflows.flatMap((w) => (w.kind === 'process' && w.id !== null ? [w.id] : [])))
  let invocations = 0
  let resolved = 0
  let dynamic = 0
  for (const workflow of workflows) {
    for (const stage of workflow.stages) {
      if (stage.type === 'Action' && stage.resource !== null) {
        invocations++
        if (objects.has(stage.resource.object.toLowerCase())) resolved++
      } else if (stage.type === 'Process') {
        invocations++
        if (stage.calls === null) dynamic++
        else if (processIds.has(stage.calls)) resolved++
      }
    }
  }
  return {
    invocations,
    resolved,
    missing: invocations - resolved - dynamic,
    dynamic,
    reachableWorkflows: workflows.length,
  }
}

export const bluePrismAnalyzer: PlatformAnalyzer<BluePrismModel> = {
  platform: 'blue-prism',
  read(submission) {
    const releases: Release[] = []
    const workflows: Workflow[] = []
    const files: ReadFile[] = []
    for (const file of submission.files) {
      try {
        const model = readBluePrismFile(file.content, file.path)
        releases.push(...model.releases)
        workflows.push(...model.workflows)
        files.push({ path: file.path, error: null })
      } catch (error) {
        if (!(error instanceof BluePrismError)) throw error
        files.push({ path: file.path, error })
      }
    }
    const name = releases[0]?.name || workflows[0]?.name || null
    const version = releases.length === 0 && workflows.length === 1 ? (workflows[0]?.bpversion ?? null) : null
    return {
      model: { releases, workflows },
      files,
      project: submissionInfo(name, version),
      invocationGraph: invocationGraph(workflows),
    }
  },
}

/** Analyses Blue Prism files with a pack: the entry point tests and benchmarks use. */
export const analyzeBluePrism = (
  submission: Parameters<typeof analyzeSubmission>[1],
  options: Parameters<typeof analyzeSubmission>[2],
) => analyzeSubmission(bluePrismAnalyzer, submission, options)
