/**
 * Data-flow hits as findings: the message names the path (source → … → sink, with lines, and files
 * when it crosses one) and the finding carries the steps (`flow`, SARIF `codeFlows`). Messages name
 * variables and activities, never a value, so no secret reaches a message or a fingerprint.
 *
 * @module
 */
import type { ProjectModel } from '../project/project-model.js'
import { activityLabel, type FlowLocation, type ProjectRawFinding, type RawFinding } from '../rules/rule.js'
import type { WorkflowModel } from '../xaml/workflow-model.js'
import { projectFlow } from './project-flow.js'
import type { SinkKind } from './taint-policy.js'
import { type FlowHit, fileFlow } from './workflow-flow.js'

function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** `Get Credential Password (line 7) → value (line 9) → Log Message (line 16)`. */
export function flowPathText(hit: FlowHit, findingPath: string): string {
  return hit.taint.steps
    .map((step) =>
      step.path === findingPath
        ? `${step.label} (line ${step.line})`
        : `${step.label} (${fileNameOf(step.path)} line ${step.line})`,
    )
    .join(' → ')
}

function flowOf(hit: FlowHit, findingPath: string): FlowLocation[] {
  return hit.taint.steps.map((step) => ({
    ...(step.path === findingPath ? {} : { path: step.path }),
    line: step.line,
    column: step.column,
    message: step.label,
  }))
}

/** The finding for one hit: at the sink expression, on the sink activity. */
export function hitFinding(hit: FlowHit, findingPath: string, what: string): RawFinding {
  return {
    line: hit.line,
    column: hit.column,
    activity: activityLabel(hit.activity),
    message: `${what} ${hit.sink.label}: ${flowPathText(hit, findingPath)}.`,
    node: hit.activity,
    flow: flowOf(hit, findingPath),
  }
}

/** Findings for the file's own hits of these sink kinds (no callers, no callees). */
export function fileFlowFindings(
  model: WorkflowModel,
  kinds: readonly SinkKind[],
  what: (hit: FlowHit) => string,
): RawFinding[] {
  return fileFlow(model)
    .hits.filter((hit) => kinds.includes(hit.sink.kind))
    .map((hit) => hitFinding(hit, model.fileName, what(hit)))
    .sort((a, b) => a.line - b.line || a.column - b.column)
}

/** Findings for the hits that cross files (see project-flow.ts), with their file. */
export function projectFlowFindings(
  project: ProjectModel,
  kinds: readonly SinkKind[],
  what: (hit: FlowHit) => string,
): ProjectRawFinding[] {
  const out: ProjectRawFinding[] = []
  for (const [path, hits] of projectFlow(project).crossFileHits) {
    for (const hit of hits) {
      if (kinds.includes(hit.sink.kind)) out.push({ ...hitFinding(hit, path, what(hit)), path })
    }
  }
  return out
}
