import type { FlowValue } from '../../power-automate/flow-model.js'
import { defineFlowRule, type FlowRawFinding, findingAtValue } from '../../power-automate/flow-rule.js'
import { isRunInput, literalParts } from './support/flow-values.js'

/**
 * Hosts that name one tenant's or one environment's resources: a SharePoint site, a Dataverse
 * (Dynamics 365) organisation, a Power Pages site, an environment's API. Global endpoints
 * (graph.microsoft.com, login.microsoftonline.com) are the same in every environment.
 */
const ENVIRONMENT_URL =
  /\bhttps?:\/\/([a-z0-9-]+(?:-my|-admin)?\.sharepoint\.com|[a-z0-9-]+\.(?:api\.)?crm\d*\.dynamics\.com|[a-z0-9-]+\.powerappsportals\.com|[a-z0-9-]+\.environment\.api\.powerplatform\.com)(\/[^\s"'<>?#@{}]*)?/i

/** Any http(s) URL in the text: the cheap test before ENVIRONMENT_URL on each literal part. */
const ANY_URL = /https?:\/\//i

export const hardcodedEnvironmentUrlRule = defineFlowRule({
  ruleId: 'FC-PAF-HCD-002',
  name: 'hardcoded-environment-url',
  category: 'hardcoded_value',
  severity: 'medium',
  description: 'A step uses a literal URL of one environment (a SharePoint site, a Dataverse organisation).',
  recommendation:
    'Put the URL in an environment variable of the solution and read it with parameters(), so the flow moves from development to test to production without edits.',
  check(flow) {
    // One finding per URL per flow, at its first use: the same site in ten SharePoint steps is one
    // thing to fix (one environment variable), not ten.
    const first = new Map<string, { value: FlowValue; url: string; uses: number }>()
    for (const value of flow.values) {
      // `://` first: a native substring search, cheaper than the case-insensitive regex on every value.
      if (!isRunInput(value) || !value.node.value.includes('://') || !ANY_URL.test(value.node.value)) continue
      for (const part of literalParts(value)) {
        const match = ENVIRONMENT_URL.exec(part)
        if (match === null) continue
        const url = `https://${match[1]}${(match[2] ?? '').replace(/\/+$/, '')}`.toLowerCase()
        const seen = first.get(url)
        if (seen === undefined) first.set(url, { value, url, uses: 1 })
        else seen.uses++
        break
      }
    }
    const findings: FlowRawFinding[] = []
    for (const { value, url, uses } of first.values()) {
      const others = uses > 1 ? `; used ${uses} times in this flow` : ''
      findings.push(findingAtValue(value, `${url} is written into ${value.path}${others}.`, url))
    }
    return findings
  },
})
