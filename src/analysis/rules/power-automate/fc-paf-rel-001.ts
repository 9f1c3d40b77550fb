import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../../power-automate/flow-rule.js'
import { isHttpAction, methodOf } from './support/flow-values.js'

/** Methods whose repetition repeats a side effect (RFC 9110 §9.2.2: not idempotent). */
const NOT_IDEMPOTENT = new Set(['POST', 'PATCH'])

export const httpRetryPolicyRule = defineFlowRule({
  ruleId: 'FC-PAF-REL-001',
  name: 'http-retry-policy',
  category: 'reliability',
  severity: 'medium',
  description: 'An HTTP action keeps a retry policy that does not suit its method.',
  recommendation:
    'Set retryPolicy explicitly: none (or fixed, with an idempotency key the service honours) for POST and PATCH, and keep retries for GET, PUT and DELETE.',
  check(flow) {
    const findings: FlowRawFinding[] = []
    for (const action of flow.actions) {
      if (!isHttpAction(action)) continue
      const method = methodOf(action)
      if (method === undefined) continue
      if (
        NOT_IDEMPOTENT.has(method) &&
        (action.retryPolicy === 'absent' || action.retryPolicy === 'default')
      ) {
        findings.push(
          findingAtStep(
            action,
            `${method} with the default retry policy (up to 4 retries): a time-out after the service acted sends the request again.`,
            `${method}:default`,
          ),
        )
      } else if (!NOT_IDEMPOTENT.has(method) && action.retryPolicy === 'none') {
        findings.push(
          findingAtStep(
            action,
            `${method} with retryPolicy none: one transient failure (429, 5xx) fails the step.`,
            `${method}:none`,
          ),
        )
      }
    }
    return findings
  },
})
