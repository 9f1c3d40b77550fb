/**
 * FC-UIP-MNT-001 too-many-arguments: a workflow declares more In/Out/InOut arguments than allowed.
 * Mirrors UiPath Workflow Analyzer ST-DBP-002 (High Arguments Count). Doc: docs/rules/FC-UIP-MNT-001.md.
 */
import { XAML_NS } from '../../xaml/xaml-names.js'
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { integerOption } from '../rule-options.js'

export const tooManyArgumentsRule = defineRule({
  ruleId: 'FC-UIP-MNT-001',
  name: 'too-many-arguments',
  category: 'maintainability',
  severity: 'medium',
  description: 'The workflow declares too many arguments.',
  recommendation:
    'Split the workflow into smaller workflows with fewer responsibilities, or pass related values together (a Config dictionary, a DataRow, a QueueItem) instead of one argument each.',
  mirrors: ['ST-DBP-002'],
  options: {
    maxArguments: integerOption({
      default: 20,
      min: 0,
      description:
        'Largest number of In, Out and InOut arguments a workflow may declare; one more is reported (UiPath default: 20).',
    }),
  },
  check(model, { options }) {
    // Plain `x:Property` members (direction `Property`) are workflow properties, not arguments.
    let inCount = 0
    let outCount = 0
    let inOutCount = 0
    for (const argument of model.arguments) {
      if (argument.direction === 'In') inCount++
      else if (argument.direction === 'Out') outCount++
      else if (argument.direction === 'InOut') inOutCount++
    }
    const total = inCount + outCount + inOutCount
    if (total <= options.maxArguments) return []
    // Report at `x:Members`, where the arguments are declared; label with the workflow's main activity.
    const members = model.root.childNodes.find(
      (node) => node.localName === 'Members' && node.namespaceUri === XAML_NS.x,
    )
    const at = members ?? model.root
    const finding: RawFinding = {
      line: at.line,
      column: at.column,
      activity: activityLabel(model.rootActivity ?? model.root),
      message: `${total} arguments (In: ${inCount}, Out: ${outCount}, InOut: ${inOutCount}); the limit is ${options.maxArguments}.`,
    }
    return [finding]
  },
})
