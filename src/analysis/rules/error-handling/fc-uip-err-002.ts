/**
 * FC-UIP-ERR-002 catch-without-log-or-rethrow: a Catch with activities that neither logs, rethrows,
 * throws, terminates nor even reads the caught exception — the failure disappears. Empty catches
 * are FC-UIP-ERR-001's and are not reported again. Doc: docs/rules/FC-UIP-ERR-002.md.
 */
import type { WorkflowModel, XamlExpression, XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { forEachIdentifier } from '../support/expression-identifiers.js'

/** Expressions grouped by owner node, built once per file. */
function expressionsByOwner(model: WorkflowModel): Map<XamlNode, XamlExpression[]> {
  const map = new Map<XamlNode, XamlExpression[]>()
  for (const expression of model.expressions) {
    if (expression.owner === undefined) continue
    const list = map.get(expression.owner)
    if (list) list.push(expression)
    else map.set(expression.owner, [expression])
  }
  return map
}

export const catchWithoutLogOrRethrowRule = defineRule({
  ruleId: 'FC-UIP-ERR-002',
  name: 'catch-without-log-or-rethrow',
  category: 'error_handling',
  severity: 'medium',
  description: 'Catch block that neither logs, rethrows nor uses the exception.',
  recommendation:
    'Log the exception (Log Message with exception.Message / exception.Source) and rethrow it, or hand it on: store it in a status variable (REFramework: SystemException = exception) or pass it to an error-handling workflow.',
  mirrors: [],
  options: {
    handlingActivities: stringListOption({
      default: ['ui:LogMessage', 'Rethrow', 'Throw', 'TerminateWorkflow', 'ui:TerminateWorkflow'],
      description:
        'Activities (canonical model types) that count as handling when they appear anywhere inside the catch, nested ones included.',
    }),
  },
  check(model, { options }) {
    const handling = new Set(options.handlingActivities)
    let byOwner: Map<XamlNode, XamlExpression[]> | undefined
    // containsHandling[i]: node i or a descendant is a handling activity. Parents precede children in
    // document order, so one backward pass over the nodes fills it for every catch at once.
    let containsHandling: Uint8Array | undefined
    const findings: RawFinding[] = []
    for (const tryCatch of model.tryCatches) {
      for (const caught of tryCatch.catches) {
        // No handler at all, or an empty one: FC-UIP-ERR-001 reports it.
        if (caught.bodyEmpty || caught.body === undefined) continue
        if (containsHandling === undefined) {
          containsHandling = new Uint8Array(model.nodes.length)
          for (let i = model.nodes.length - 1; i >= 0; i--) {
            const node = model.nodes[i] as XamlNode
            // A handler under a Comment Out never runs: it does not count.
            if (node.kind === 'activity' && node.commentedOutBy === undefined && handling.has(node.type))
              containsHandling[i] = 1
            if (containsHandling[i] === 1 && node.parent !== undefined)
              containsHandling[node.parent.index] = 1
          }
        }
        if (containsHandling[caught.body.index] === 1) continue
        const exceptionName = caught.variableName?.trim().toLowerCase() || undefined
        // Otherwise: does any expression under the handler read the exception variable? Explicit
        // stack (deep nesting cannot overflow); stops at the first use.
        let handled = false
        if (exceptionName !== undefined) {
          byOwner ??= expressionsByOwner(model)
          const stack: XamlNode[] = [caught.body]
          while (stack.length > 0 && !handled) {
            const node = stack.pop() as XamlNode
            for (const expression of byOwner.get(node) ?? []) {
              forEachIdentifier(expression.text, expression.language, (identifier) => {
                if (identifier.toLowerCase() === exceptionName) handled = true
              })
              if (handled) break
            }
            for (const child of node.childNodes) stack.push(child)
          }
        }
        if (handled) continue
        findings.push({
          ...findingAt(
            caught.node,
            `Catch of ${caught.exceptionTypeName} neither logs, rethrows nor uses ${caught.variableName ? `"${caught.variableName}"` : 'the exception'}.`,
          ),
          activity: activityLabel(tryCatch.node),
        })
      }
    }
    return findings
  },
})
