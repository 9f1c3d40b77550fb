/**
 * FC-UIP-NMG-001 variable-naming-convention: a variable name does not match the naming pattern.
 * Mirrors UiPath Workflow Analyzer ST-NMG-001 (same default regex). Doc: docs/rules/FC-UIP-NMG-001.md.
 */
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { regexOption } from '../rule-options.js'

export const variableNamingConventionRule = defineRule({
  ruleId: 'FC-UIP-NMG-001',
  name: 'variable-naming-convention',
  category: 'naming',
  severity: 'low',
  description: 'Variable name does not follow the naming convention.',
  recommendation:
    'Rename the variable to match the convention (by default letters, optionally followed by digits, with an optional dt_ prefix for DataTables, e.g. TransactionNumber or dt_Orders).',
  mirrors: ['ST-NMG-001'],
  options: {
    pattern: regexOption({
      // Studio's default for ST-NMG-001: accepts PascalCase and camelCase, digits only at the end.
      default: '^(dt_)?([A-Z]|[a-z])+([0-9])*$',
      description: 'Regular expression every variable name must match (Studio default of ST-NMG-001).',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    for (const variable of model.variables) {
      // An unnamed variable is a different (reader-level) problem; nothing to compare here.
      if (variable.name === '' || options.pattern.test(variable.name)) continue
      findings.push({
        line: variable.line,
        column: variable.column,
        activity: variable.scope ? activityLabel(variable.scope) : variable.node.type,
        message: `Variable "${variable.name}" does not match ${options.pattern.source}.`,
      })
    }
    return findings
  },
})
