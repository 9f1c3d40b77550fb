/**
 * FC-UIP-NMG-002 argument-naming-convention: an argument's name does not carry the prefix of its
 * direction (in_, out_, io_) or otherwise breaks the naming pattern.
 * Mirrors UiPath Workflow Analyzer ST-NMG-002 (same default regexes). Doc: docs/rules/FC-UIP-NMG-002.md.
 */
import type { ArgumentDirection } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { regexOption } from '../rule-options.js'

/** The prefix the default patterns expect, named in the message so the fix is obvious. */
const EXPECTED_PREFIX: Readonly<Record<Exclude<ArgumentDirection, 'Property'>, string>> = {
  In: 'in_',
  Out: 'out_',
  InOut: 'io_',
}

export const argumentNamingConventionRule = defineRule({
  ruleId: 'FC-UIP-NMG-002',
  name: 'argument-naming-convention',
  category: 'naming',
  severity: 'medium',
  description: 'Argument name does not follow the naming convention for its direction (in_, out_, io_).',
  recommendation:
    'Prefix In arguments with in_, Out arguments with out_ and In/Out arguments with io_ (e.g. in_Config, out_TransactionItem, io_RetryNumber), so every caller sees the direction in the Invoke Workflow File argument list.',
  mirrors: ['ST-NMG-002'],
  options: {
    inPattern: regexOption({
      default: '^in_(dt_)?([A-Z]|[a-z])+([0-9])*$',
      description: 'Regular expression for In arguments (Studio default of ST-NMG-002 InRegex).',
    }),
    outPattern: regexOption({
      default: '^out_(dt_)?([A-Z]|[a-z])+([0-9])*$',
      description: 'Regular expression for Out arguments (Studio default of ST-NMG-002 OutRegex).',
    }),
    inOutPattern: regexOption({
      default: '^io_(dt_)?([A-Z]|[a-z])+([0-9])*$',
      description: 'Regular expression for In/Out arguments (Studio default of ST-NMG-002 InOutRegex).',
    }),
  },
  check(model, { options }) {
    const patterns = { In: options.inPattern, Out: options.outPattern, InOut: options.inOutPattern }
    const main = model.rootActivity
    const findings: RawFinding[] = []
    for (const argument of model.arguments) {
      // Plain properties (x:Property without In/Out/InOut) have no direction to name.
      if (argument.direction === 'Property' || argument.name === '') continue
      const pattern = patterns[argument.direction]
      if (pattern.test(argument.name)) continue
      findings.push({
        line: argument.line,
        column: argument.column,
        activity: main ? activityLabel(main) : (model.className ?? model.root.type),
        message: `${argument.direction} argument "${argument.name}" does not match ${pattern.source} (expected prefix ${EXPECTED_PREFIX[argument.direction]}).`,
      })
    }
    return findings
  },
})
