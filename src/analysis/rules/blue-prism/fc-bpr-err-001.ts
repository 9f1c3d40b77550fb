import type { BluePrismModel, Stage, Workflow } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { stageFinding } from './blue-prism-findings.js'

/** The stages reachable from `from` by following links (the stage itself included). */
export function reachableFrom(workflow: Workflow, from: Stage): Set<Stage> {
  const byId = new Map(workflow.stages.map((stage) => [stage.id, stage]))
  const seen = new Set<Stage>([from])
  const queue = [from]
  for (let stage = queue.shift(); stage !== undefined; stage = queue.shift()) {
    for (const link of stage.links) {
      const next = byId.get(link.target)
      if (next !== undefined && !seen.has(next)) {
        seen.add(next)
        queue.push(next)
      }
    }
  }
  return seen
}

/** A Recover stage that never reaches a Resume: the page stays in its exception state. */
export const recoverWithoutResumeRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-ERR-001',
  platform: 'blue-prism',
  name: 'recover-without-resume',
  category: 'error_handling',
  severity: 'high',
  description: 'A Recover stage leads to no Resume stage, so the exception is never cleared.',
  recommendation:
    'End each recovery path with a Resume stage before carrying on, or rethrow with an Exception stage that preserves the current exception.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const workflow of model.workflows) {
      for (const recover of workflow.stages.filter((stage) => stage.type === 'Recover')) {
        const reached = [...reachableFrom(workflow, recover)]
        if (reached.some((stage) => stage.type === 'Resume')) continue
        // Rethrowing (an Exception stage) or ending the page in the recovery is deliberate, not a missing Resume.
        if (reached.some((stage) => stage.type === 'Exception')) continue
        findings.push(stageFinding(workflow, recover))
      }
    }
    return findings
  },
})
