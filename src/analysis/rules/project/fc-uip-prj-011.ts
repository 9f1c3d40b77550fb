/**
 * FC-UIP-PRJ-011 unhandled-external-call: a UI, HTTP or database activity that no Try Catch (with
 * a Catch) or Retry Scope protects — neither in its own workflow nor, through the invocations, at
 * any caller. A workflow's activities count as protected when every literal invocation of the
 * workflow is itself protected; the main workflow and entry points have no caller. Workflows whose
 * callers are unknown (invoked by expression only, or not at all) are not judged.
 * Doc: docs/rules/FC-UIP-PRJ-011.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import { activityAncestors, isTrueAttr } from '../../xaml/model-queries.js'
import type { WorkflowModel, XamlNode } from '../../xaml/workflow-model.js'
import { defineProjectRule, findingAt, type ProjectRawFinding } from '../rule.js'

/** HTTP and database activities by local name (UiPath.WebAPI / UiPath.Database, classic and modern). */
const HTTP_ACTIVITIES = new Set(['HttpClient', 'NetHttpRequest'])
const DATABASE_ACTIVITIES = new Set([
  'DatabaseConnect',
  'ExecuteQuery',
  'ExecuteNonQuery',
  'InsertDataTable',
  'BulkInsert',
  'BulkUpdate',
  'DatabaseTransaction',
])
/** UI activities that report absence instead of failing. */
const NON_THROWING_UI = new Set([
  'ElementExists',
  'ImageExists',
  'TextExists',
  'OCRTextExists',
  'NCheckState',
])

type ExternalKind = 'UI' | 'HTTP' | 'database'

function externalKind(activity: XamlNode, uiActivities: ReadonlySet<XamlNode>): ExternalKind | undefined {
  if (HTTP_ACTIVITIES.has(activity.localName)) return 'HTTP'
  if (DATABASE_ACTIVITIES.has(activity.localName)) return 'database'
  if (NON_THROWING_UI.has(activity.localName)) return undefined
  if (uiActivities.has(activity)) return 'UI'
  if (activity.namespaceUri === XAML_NS.uix && /^N[A-Z]/.test(activity.localName)) return 'UI'
  return undefined
}

/** Inside the Try of a Try Catch that has a Catch, or anywhere in a Retry Scope. */
function protectedInFile(node: XamlNode): boolean {
  let child = node
  for (let parent = node.parent; parent !== undefined; child = parent, parent = parent.parent) {
    if (parent.kind !== 'activity') continue
    if (parent.localName === 'RetryScope') return true
    if (parent.localName === 'TryCatch' && child.inProperty === 'Try') {
      if ((parent.properties.get('Catches')?.values.length ?? 0) > 0) return true
    }
  }
  return false
}

/** Activities that act on the UI: the owners of selectors (classic targets, modern targets). */
function uiActivitiesOf(model: WorkflowModel): Set<XamlNode> {
  const out = new Set<XamlNode>()
  for (const selector of model.selectors) if (selector.activity !== undefined) out.add(selector.activity)
  return out
}

export const unhandledExternalCallRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-011',
  name: 'unhandled-external-call',
  category: 'project',
  severity: 'medium',
  description: 'UI, HTTP or database activity runs outside any Try Catch or Retry Scope.',
  recommendation:
    'Put the call (or the Invoke Workflow File that reaches it) in a Try Catch that logs and handles the failure, or in a Retry Scope for transient errors, so an application or network failure ends the transaction cleanly instead of the job.',
  mirrors: [],
  checkProject(project) {
    // Protection of each workflow through its callers, to a fixed point (cycles stay unprotected).
    const callers = new Map<string, XamlNode[]>()
    for (const invocation of project.invocations) {
      if (invocation.target.kind !== 'resolved') continue
      const list = callers.get(invocation.target.path) ?? []
      list.push(invocation.activity)
      callers.set(invocation.target.path, list)
    }
    const invocationFile = new Map<XamlNode, string>()
    for (const invocation of project.invocations) invocationFile.set(invocation.activity, invocation.from)
    const roots = new Set(project.rootPaths)
    const judged = new Map<string, boolean>() // path → protected by every caller
    const isProtectedWorkflow = (path: string, visiting: Set<string>): boolean | undefined => {
      if (roots.has(path)) return false
      const sites = callers.get(path)
      if (sites === undefined || sites.length === 0) return undefined // callers unknown
      const known = judged.get(path)
      if (known !== undefined) return known
      if (visiting.has(path)) return false
      visiting.add(path)
      const result = sites.every((site) => {
        if (protectedInFile(site)) return true
        const from = invocationFile.get(site)
        return from !== undefined && isProtectedWorkflow(from, visiting) === true
      })
      visiting.delete(path)
      judged.set(path, result)
      return result
    }
    const findings: ProjectRawFinding[] = []
    for (const workflow of project.workflows) {
      const model = workflow.model
      if (model === undefined) continue
      const whole = isProtectedWorkflow(workflow.path, new Set())
      if (whole !== false) continue // protected by every caller, or callers unknown
      const ui = uiActivitiesOf(model)
      const reported = new Set<XamlNode>()
      for (const activity of model.activities) {
        const kind = externalKind(activity, ui)
        if (kind === undefined || isTrueAttr(activity, 'ContinueOnError') || protectedInFile(activity))
          continue
        // Inside a reported activity (a Use Application card's Click): the card's finding covers it.
        if (activityAncestors(activity).some((ancestor) => reported.has(ancestor))) continue
        reported.add(activity)
        findings.push({
          ...findingAt(activity, `${kind} activity with no Try Catch or Retry Scope here or at any caller.`),
          path: workflow.path,
        })
      }
    }
    return findings
  },
})
