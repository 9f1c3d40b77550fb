/**
 * FC-UIP-NMG-008 argument-default-value: a workflow argument has a default value set in the
 * workflow (`this:Process.in_Url="…"` on the root). Reported so that every default is a deliberate
 * choice (a test value or a documented default of a reusable component), never a leftover.
 * Mirrors UiPath Workflow Analyzer ST-NMG-012. Doc: docs/rules/FC-UIP-NMG-008.md.
 */
import { matchesPathPattern } from '../path-pattern.js'
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { booleanOption, stringListOption } from '../rule-options.js'

/** Markup extensions (`{x:Null}`) and blanks are not a default value. */
const NOT_A_VALUE = /^\s*(\{x:Null\}|\{\})?\s*$/

export const argumentDefaultValueRule = defineRule({
  ruleId: 'FC-UIP-NMG-008',
  name: 'argument-default-value',
  category: 'naming',
  severity: 'low',
  description: 'Argument has a default value.',
  recommendation:
    'Keep argument defaults only for testing a workflow on its own or as the documented default of a reusable component; say which in the argument annotation, and pass real values from the caller.',
  mirrors: ['ST-NMG-012'],
  options: {
    skipAnnotated: booleanOption({
      default: true,
      description:
        'Do not report an argument whose annotation documents it (any annotation text): the default is then a deliberate, described choice.',
    }),
    ignoredPaths: stringListOption({
      default: ['**/Tests/*.xaml', '**/*TestCase*.xaml'],
      description:
        'Project-relative path patterns of workflows not checked: test cases, whose argument defaults are their test data.',
    }),
  },
  check(model, { options, relativePath }) {
    if (matchesPathPattern(relativePath, options.ignoredPaths)) return []
    const main = model.rootActivity
    const label = main ? activityLabel(main) : (model.className ?? model.root.type)
    const findings: RawFinding[] = []
    for (const argument of model.arguments) {
      const value = argument.default
      if (value === undefined) continue
      const text = value.kind === 'literal' ? value.text : value.expression.text
      if (NOT_A_VALUE.test(text)) continue
      if (options.skipAnnotated && (argument.annotation ?? '').trim() !== '') continue
      findings.push({
        line: argument.line,
        column: argument.column,
        activity: label,
        message: `${argument.direction} argument "${argument.name}" has a default value.`,
      })
    }
    return findings
  },
})
