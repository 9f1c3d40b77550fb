/**
 * FC-UIP-NMG-005 name-too-long: a variable or argument name is longer than the limit.
 * Mirrors UiPath Workflow Analyzer ST-NMG-008 (variables) and ST-NMG-016 (arguments), both 30
 * characters by default. Doc: docs/rules/FC-UIP-NMG-005.md.
 */
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { integerOption } from '../rule-options.js'

export const nameTooLongRule = defineRule({
  ruleId: 'FC-UIP-NMG-005',
  name: 'name-too-long',
  category: 'naming',
  severity: 'low',
  description: 'Variable or argument name is too long.',
  recommendation:
    'Shorten the name (abbreviate long words, drop words the type or scope already says); long names are hard to tell apart in the Variables and Arguments panels and in the debugger.',
  mirrors: ['ST-NMG-008', 'ST-NMG-016'],
  options: {
    maxVariableLength: integerOption({
      default: 30,
      min: 1,
      description: 'Longest allowed variable name, in characters (Studio default of ST-NMG-008).',
    }),
    maxArgumentLength: integerOption({
      default: 30,
      min: 1,
      description:
        'Longest allowed argument name, in characters, prefix included (Studio default of ST-NMG-016).',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    for (const variable of model.variables) {
      if (variable.name.length <= options.maxVariableLength) continue
      findings.push({
        line: variable.line,
        column: variable.column,
        activity: variable.scope ? activityLabel(variable.scope) : variable.node.type,
        message: `Variable "${variable.name}" has ${variable.name.length} characters (maximum ${options.maxVariableLength}).`,
      })
    }
    const main = model.rootActivity
    for (const argument of model.arguments) {
      if (argument.name.length <= options.maxArgumentLength) continue
      findings.push({
        line: argument.line,
        column: argument.column,
        activity: main ? activityLabel(main) : (model.className ?? model.root.type),
        message: `Argument "${argument.name}" has ${argument.name.length} characters (maximum ${options.maxArgumentLength}).`,
      })
    }
    return findings
  },
})
