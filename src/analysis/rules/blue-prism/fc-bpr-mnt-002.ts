import type { BluePrismModel, Stage, Workflow } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { stageFinding } from './blue-prism-findings.js'

/** Stages that are not steps of the flow: no link leads to them by design. */
const NOT_IN_FLOW = new Set(['Data', 'Collection', 'Block', 'Note', 'ProcessInfo', 'SubSheetInfo'])
/** Where a page's flow starts: its Start stage, and Recover stages (an exception leads there). */
const ROOTS = new Set(['Start', 'Recover'])
/** The end of a Loop, Choice or Wait group is reached through its group when its start is. */
const GROUP_ENDS = new Set(['LoopEnd', 'ChoiceEnd', 'WaitEnd'])

function unreachable(workflow: Workflow): Stage[] {
  const byId = new Map(workflow.stages.map((stage) => [stage.id, stage]))
  const reached = new Set<Stage>()
  const reachedGroups = new Set<string>()
  const queue = workflow.stages.filter((stage) => ROOTS.has(stage.type))
  const visit = (stage: Stage) => {
    if (reached.has(stage)) return
    reached.add(stage)
    queue.push(stage)
  }
  for (const root of queue.splice(0)) visit(root)
  for (;;) {
    for (let stage = queue.shift(); stage !== undefined; stage = queue.shift()) {
      if (stage.groupId !== null) reachedGroups.add(stage.groupId)
      for (const link of stage.links) {
        const next = byId.get(link.target)
        if (next !== undefined) visit(next)
      }
    }
    const ends = workflow.stages.filter(
      (stage) =>
        GROUP_ENDS.has(stage.type) &&
        stage.groupId !== null &&
        reachedGroups.has(stage.groupId) &&
        !reached.has(stage),
    )
    if (ends.length === 0) break
    for (const end of ends) visit(end)
  }
  return workflow.stages.filter(
    (stage) => !NOT_IN_FLOW.has(stage.type) && !ROOTS.has(stage.type) && !reached.has(stage),
  )
}

/**
 * Stages no path from their page's Start (or from a Recover stage) reaches: dead flow that still
 * looks like part of the process. One finding per dead stretch, at its first stage (the one no
 * other dead stage links to), with how many stages the stretch holds.
 */
export const unreachableStageRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-MNT-002',
  platform: 'blue-prism',
  name: 'unreachable-stage',
  category: 'maintainability',
  severity: 'low',
  description: 'Stages cannot be reached from the Start of their page.',
  recommendation: 'Link the stages into the flow, or delete them.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const workflow of model.workflows) {
      const dead = unreachable(workflow)
      const deadIds = new Set(dead.map((stage) => stage.id))
      const linkedFromDead = new Set(
        dead.flatMap((stage) => stage.links.map((link) => link.target)).filter((id) => deadIds.has(id)),
      )
      let heads = dead.filter((stage) => !linkedFromDead.has(stage.id))
      if (heads.length === 0) heads = dead.slice(0, 1) // a dead cycle: report where it is written first
      for (const head of heads) {
        const stretch = dead.filter((stage) => stage.pageId === head.pageId).length
        findings.push(
          stageFinding(workflow, head, `Not reached from Start (${stretch} unreachable on this page).`),
        )
      }
    }
    return findings
  },
})
