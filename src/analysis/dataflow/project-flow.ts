/**
 * Data flow across a project: taints pass from a caller's expressions into the In / InOut
 * arguments of the workflow it invokes, and from the callee's Out / InOut arguments back into the
 * caller's bound variables (invocations resolved by `project/invocation-graph.ts`). Each workflow is
 * analysed with what its callers pass (the union over all callers: context-insensitive) and what
 * its callees return, again until nothing new is learnt (a fixpoint: each round only adds taint
 * kinds, so cycles end), at most {@link MAX_PROJECT_ROUNDS} rounds.
 *
 * The hits that matter here are the ones whose path crosses a file: the single-file analysis
 * (`fileFlow`) already reports the others, and project rules report only what it cannot see.
 *
 * @module
 */
import type { ProjectModel } from '../project/project-model.js'
import type { XamlNode } from '../xaml/workflow-model.js'
import {
  analyzeWorkflowFlow,
  type FlowHit,
  fileFlow,
  type Taint,
  type WorkflowFlow,
} from './workflow-flow.js'

/** Rounds of the project fixpoint (a chain of invocations deeper than this is followed partly). */
export const MAX_PROJECT_ROUNDS = 8

export interface ProjectFlow {
  /** Hits whose path crosses a file and that the file's own analysis does not report, by path. */
  readonly crossFileHits: ReadonlyMap<string, readonly FlowHit[]>
  /** Rounds the fixpoint took. */
  readonly rounds: number
}

const projectFlows = new WeakMap<ProjectModel, ProjectFlow>()

function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

function addTaints(into: Map<string, Taint[]>, key: string, taints: readonly Taint[]): boolean {
  let changed = false
  const list = into.get(key) ?? []
  for (const taint of taints) {
    if (list.some((known) => known.kind === taint.kind)) continue
    list.push(taint)
    changed = true
  }
  into.set(key, list)
  return changed
}

/** The project's cross-file data flow (cached per project model: several rules read it). */
export function projectFlow(project: ProjectModel): ProjectFlow {
  const known = projectFlows.get(project)
  if (known !== undefined) return known
  const targets = new Map<XamlNode, string>()
  for (const invocation of project.invocations) {
    if (invocation.target.kind === 'resolved') targets.set(invocation.activity, invocation.target.path)
  }
  const argumentTaints = new Map<string, Map<string, Taint[]>>()
  const returned = new Map<string, Map<string, Taint[]>>()
  const flows = new Map<string, WorkflowFlow>()
  let rounds = 0
  if (targets.size > 0) {
    for (; rounds < MAX_PROJECT_ROUNDS; rounds++) {
      let changed = false
      for (const workflow of project.workflows) {
        const model = workflow.model
        if (model === undefined) continue
        const flow = analyzeWorkflowFlow({
          model,
          path: workflow.path,
          argumentTaints: argumentTaints.get(workflow.path),
          // Only when some callee returns a taint: a workflow with nothing coming in is not walked.
          invokedOutput: !model.invokedWorkflows.some((invoked) => {
            const target = targets.get(invoked.activity)
            return target !== undefined && (returned.get(target)?.size ?? 0) > 0
          })
            ? undefined
            : (activity, argument) => {
                const target = targets.get(activity)
                if (target === undefined) return []
                const taints = returned.get(target)?.get(argument.toLowerCase()) ?? []
                return taints.map((taint) => ({
                  kind: taint.kind,
                  steps: [
                    ...taint.steps,
                    {
                      path: workflow.path,
                      line: activity.line,
                      column: activity.column,
                      label: `${argument} returned by ${fileNameOf(target)}`,
                    },
                  ],
                }))
              },
        })
        flows.set(workflow.path, flow)
        if (flow.outputs.size > 0) {
          const mine = returned.get(workflow.path) ?? new Map<string, Taint[]>()
          for (const [name, taints] of flow.outputs) if (addTaints(mine, name, taints)) changed = true
          returned.set(workflow.path, mine)
        }
        for (const { activity, argument, taints } of flow.passed) {
          const target = targets.get(activity)
          if (target === undefined) continue
          const theirs = argumentTaints.get(target) ?? new Map<string, Taint[]>()
          const entering = taints.map((taint) => ({
            kind: taint.kind,
            steps: [
              ...taint.steps,
              {
                path: workflow.path,
                line: activity.line,
                column: activity.column,
                label: `passed as ${argument} to ${fileNameOf(target)}`,
              },
            ],
          }))
          if (addTaints(theirs, argument.toLowerCase(), entering)) changed = true
          argumentTaints.set(target, theirs)
        }
      }
      if (!changed) {
        rounds++
        break
      }
    }
  }
  const crossFileHits = new Map<string, FlowHit[]>()
  for (const workflow of project.workflows) {
    const flow = flows.get(workflow.path)
    if (flow === undefined || workflow.model === undefined) continue
    const local = new Set(
      fileFlow(workflow.model, workflow.path).hits.map(
        (hit) => `${hit.activity.index}:${hit.property}:${hit.sink.kind}`,
      ),
    )
    const hits = flow.hits.filter(
      (hit) =>
        hit.taint.steps.some((step) => step.path !== workflow.path) &&
        !local.has(`${hit.activity.index}:${hit.property}:${hit.sink.kind}`),
    )
    if (hits.length > 0) crossFileHits.set(workflow.path, hits)
  }
  const result = { crossFileHits, rounds }
  projectFlows.set(project, result)
  return result
}
