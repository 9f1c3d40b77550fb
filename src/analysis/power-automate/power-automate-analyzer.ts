/**
 * Power Automate's analyzer (platform-analyzer.ts): the files of a submission (a solution, a
 * legacy package, loose flow JSON or one flow) → which of them are flows, told by content
 * (flow-submission-layout.ts) → each flow read into its model (read-flow.ts), or listed with its
 * `FLOW_…` error (the result then fails closed). The FC-PAF rules get every readable flow
 * (`FlowSubmissionModel`); child-flow calls make the invocation graph.
 *
 * @module
 */

import { InputFileError, type PlatformAnalyzer, type ReadFile, submissionInfo } from '../platform-analyzer.js'
import { isFlowError } from './flow-error.js'
import type { FlowModel, FlowSubmissionModel } from './flow-model.js'
import { planPowerAutomateSubmission } from './flow-submission-layout.js'
import { member, stringMember } from './json-document.js'
import { buildFlowModel, readFlow } from './read-flow.js'

/** Child-flow calls across the submission: resolved by id in a solution, dynamic when computed. */
function childFlowCalls(flows: readonly FlowModel[], workflowIds: ReadonlySet<string>) {
  let invocations = 0
  let resolved = 0
  let dynamic = 0
  for (const flow of flows) {
    for (const action of flow.actions) {
      if (action.type.toLowerCase() !== 'workflow') continue
      invocations++
      const reference = stringMember(member(action.inputs, 'host'), 'workflowReferenceName')
      if (reference?.startsWith('@')) dynamic++
      else if (reference !== undefined && workflowIds.has(reference.replace(/[{}]/g, '').toLowerCase()))
        resolved++
    }
  }
  return {
    invocations,
    resolved,
    missing: invocations - resolved - dynamic,
    dynamic,
    reachableWorkflows: flows.length,
  }
}

export const powerAutomateAnalyzer: PlatformAnalyzer<FlowSubmissionModel> = {
  platform: 'power-automate',
  read(submission) {
    const plan = planPowerAutomateSubmission(submission.files)
    if (plan.flows.length === 0) {
      const only = submission.files.length === 1 ? submission.files[0] : undefined
      throw new InputFileError(
        'FLOW_NOT_A_FLOW',
        only === undefined
          ? 'No file in the submission is a cloud flow (a workflow definition with triggers or actions).'
          : `${only.path} is JSON but not a cloud flow: no workflow definition with triggers or actions.`,
        { fileName: only?.path ?? submission.submissionName },
      )
    }
    const flows: FlowModel[] = []
    const files: ReadFile[] = []
    for (const source of plan.flows) {
      try {
        flows.push(
          source.document === undefined
            ? readFlow(source.content, source.path)
            : buildFlowModel(source.document, source.path),
        )
        files.push({ path: source.path, error: null })
      } catch (error) {
        if (!isFlowError(error)) throw error
        files.push({
          path: source.path,
          error: new InputFileError(error.code, error.message, {
            fileName: source.path,
            line: error.line,
            column: error.column,
            limit: error.limit,
          }),
        })
      }
    }
    const workflowIds = new Set(
      plan.flows.flatMap((flow) => (flow.workflowId === undefined ? [] : [flow.workflowId])),
    )
    const single = plan.kind === 'flows' && flows.length === 1 ? flows[0]?.displayName : undefined
    return {
      model: { context: { kind: plan.kind, workflowIds }, flows },
      files,
      project: submissionInfo(plan.solutionName ?? single ?? null, plan.solutionVersion ?? null),
      invocationGraph: childFlowCalls(flows, workflowIds),
      skipped: plan.skipped,
    }
  },
}
