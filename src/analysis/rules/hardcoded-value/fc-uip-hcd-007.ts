/**
 * FC-UIP-HCD-007 hardcoded-activity-property: a property that policy says must come from
 * configuration (a variable, an argument, a Config entry) is set to a constant on the activity.
 * Which properties of which activities is data (option `properties`); the default covers
 * environment-specific settings the other hardcoded-value rules do not: mail servers and
 * accounts, and database connection strings.
 * Mirrors UiPath Workflow Analyzer ST-USG-005. Doc: docs/rules/FC-UIP-HCD-007.md.
 */
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { constantString, valueSites } from '../support/hardcoded-values.js'

/** `Type.Property` with `*` as a wildcard for either part (`ui:SendSmtpMailMessage.Server`, `*.Server`). */
function compile(patterns: readonly string[]): (type: string, property: string) => boolean {
  const parsed = patterns.map((pattern) => {
    const dot = pattern.lastIndexOf('.')
    return { type: pattern.slice(0, dot), property: pattern.slice(dot + 1) }
  })
  return (type, property) =>
    parsed.some((p) => (p.type === '*' || p.type === type) && (p.property === '*' || p.property === property))
}

export const hardcodedActivityPropertyRule = defineRule({
  ruleId: 'FC-UIP-HCD-007',
  name: 'hardcoded-activity-property',
  category: 'hardcoded_value',
  severity: 'medium',
  description: 'Activity property that must be configurable is set to a constant.',
  recommendation:
    'Read the value from the Config file (or an Orchestrator asset) and pass it in a variable or argument, so each environment sets its own without a new release.',
  mirrors: ['ST-USG-005'],
  options: {
    properties: stringListOption({
      default: [
        'ui:SendSmtpMailMessage.Server',
        'ui:SendSmtpMailMessage.Port',
        'ui:GetIMAPMailMessages.Server',
        'ui:GetIMAPMailMessages.Port',
        'ui:GetPOP3MailMessages.Server',
        'ui:GetPOP3MailMessages.Port',
        'ui:SendOutlookMailMessage.Account',
        'ui:GetOutlookMailMessages.Account',
        'ui:DatabaseConnect.ConnectionString',
      ],
      description:
        'Properties that must not be constants, as `Type.Property` with the canonical model type (`ui:DatabaseConnect.ConnectionString`); `*` stands for any type or any property (`*.Server`).',
    }),
  },
  check(model, { options }) {
    const watched = compile(options.properties)
    const findings: RawFinding[] = []
    for (const site of valueSites(model)) {
      const owner = site.owner
      if (owner === undefined || owner.kind !== 'activity' || !watched(owner.type, site.property)) continue
      const value = constantString(site)
      if (value === undefined || value.trim() === '') continue
      findings.push({
        line: site.line,
        column: site.column,
        activity: activityLabel(owner),
        node: owner,
        // The value itself is left out: a connection string may carry a password.
        message: `${site.property} of ${owner.type} is a constant.`,
      })
    }
    return findings
  },
})
