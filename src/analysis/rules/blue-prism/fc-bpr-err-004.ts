import type { BluePrismModel, Workflow } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { pageFinding } from './blue-prism-findings.js'

/** Stages of a process that drive an application or call out of it. */
const TOUCHES_APPLICATIONS = new Set(['Action', 'Navigate', 'Read', 'Write', 'Code'])

/** Pages of `workflow` whose exceptions a Recover catches: pages with one, and every page they call. */
function coveredPages(workflow: Workflow): Set<string | null> {
  const calls = new Map<string | null, string[]>()
  for (const stage of workflow.stages) {
    if (stage.type !== 'SubSheet' || stage.calls === null) continue
    calls.set(stage.pageId, [...(calls.get(stage.pageId) ?? []), stage.calls])
  }
  const covered = new Set<string | null>()
  const queue: Array<string | null> = workflow.stages
    .filter((stage) => stage.type === 'Recover')
    .map((stage) => stage.pageId)
  for (let page = queue.shift(); page !== undefined; page = queue.shift()) {
    if (covered.has(page)) continue
    covered.add(page)
    queue.push(...(calls.get(page) ?? []))
  }
  return covered
}

/**
 * In a process, a page whose Actions (or Navigate, Read, Write, Code stages) are caught by no
 * Recover stage, on the page or on any page that calls it: the first application error ends the
 * session. Business objects are left out: by Blue Prism's design guidance their actions let
 * exceptions bubble up to the calling process, which handles them.
 */
export const pageWithoutExceptionHandlingRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-ERR-004',
  platform: 'blue-prism',
  name: 'page-without-exception-handling',
  category: 'error_handling',
  severity: 'medium',
  description:
    'A process page calls applications or business objects, and no Recover stage on it or on any page calling it handles their exceptions.',
  recommendation:
    'Add a Recover stage (in a Block around the actions, or on the page that calls this one) that logs, marks the work item and resumes or rethrows.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const workflow of model.workflows) {
      if (workflow.kind !== 'process') continue
      const covered = coveredPages(workflow)
      const uncovered = workflow.pages
        .filter((page) => !covered.has(page.id))
        .map((page) => ({
          page,
          touching: workflow.stages.filter(
            (stage) => stage.pageId === page.id && TOUCHES_APPLICATIONS.has(stage.type),
          ),
        }))
        .filter(({ touching }) => touching.length > 0)
      const first = uncovered[0]
      if (first === undefined) continue
      // A process with no Recover at all is one problem, not one per page: reported once.
      if (covered.size === 0 && uncovered.length > 1) {
        const names = uncovered.map(({ page }) => page.name).join(', ')
        findings.push(
          pageFinding(
            workflow,
            first.page.id,
            `No Recover stage in the process; pages calling applications: ${names}.`,
          ),
        )
        continue
      }
      for (const { page, touching } of uncovered) {
        const types = [...new Set(touching.map((stage) => stage.type))].join(', ')
        const count = `${touching.length} stage${touching.length === 1 ? '' : 's'}`
        findings.push(pageFinding(workflow, page.id, `${count} (${types}) with no Recover.`))
      }
    }
    return findings
  },
})
