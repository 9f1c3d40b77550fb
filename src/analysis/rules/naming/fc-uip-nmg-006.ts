/**
 * FC-UIP-NMG-006 datatable-prefix: a DataTable variable or argument lacks the dt_ prefix.
 * Mirrors UiPath Workflow Analyzer ST-NMG-009 (variables) and ST-NMG-011 (arguments).
 * Doc: docs/rules/FC-UIP-NMG-006.md.
 */
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { regexOption, stringListOption } from '../rule-options.js'

export const dataTablePrefixRule = defineRule({
  ruleId: 'FC-UIP-NMG-006',
  name: 'datatable-prefix',
  category: 'naming',
  severity: 'low',
  description: 'DataTable variable or argument name does not carry the dt_ prefix.',
  recommendation:
    'Prefix DataTable variables with dt_ (dt_Orders) and DataTable arguments with dt_ after the direction prefix (in_dt_Orders, io_dt_TransactionData).',
  mirrors: ['ST-NMG-009', 'ST-NMG-011'],
  options: {
    dataTableTypes: stringListOption({
      default: ['System.Data.DataTable'],
      description: 'Resolved CLR type names that count as data tables.',
    }),
    variablePattern: regexOption({
      default: '^dt_',
      description: 'Regular expression a DataTable variable name must match.',
    }),
    argumentPattern: regexOption({
      // The direction prefix is FC-UIP-NMG-002's business: here it is optional, dt_ is not.
      default: '^((in|out|io)_)?dt_',
      description:
        'Regular expression a DataTable argument name must match (after an optional in_/out_/io_).',
    }),
  },
  check(model, { options }) {
    const types = new Set(options.dataTableTypes)
    const findings: RawFinding[] = []
    for (const variable of model.variables) {
      if (!types.has(variable.typeName) || options.variablePattern.test(variable.name)) continue
      findings.push({
        line: variable.line,
        column: variable.column,
        activity: variable.scope ? activityLabel(variable.scope) : variable.node.type,
        message: `DataTable variable "${variable.name}" does not match ${options.variablePattern.source}.`,
      })
    }
    const main = model.rootActivity
    for (const argument of model.arguments) {
      if (!types.has(argument.typeName) || options.argumentPattern.test(argument.name)) continue
      findings.push({
        line: argument.line,
        column: argument.column,
        activity: main ? activityLabel(main) : (model.className ?? model.root.type),
        message: `DataTable argument "${argument.name}" does not match ${options.argumentPattern.source}.`,
      })
    }
    return findings
  },
})
