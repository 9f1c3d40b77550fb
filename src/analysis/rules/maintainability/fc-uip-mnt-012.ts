/**
 * FC-UIP-MNT-012 undefined-output-property: an activity whose purpose is its output (Get Text's
 * text, Read Range's DataTable, Get Asset's value, Get Transaction Item's item…) has that output
 * bound to nothing, so its result is thrown away. Which activities and outputs is data (option).
 * Mirrors UiPath Workflow Analyzer ST-DBP-020. Doc: docs/rules/FC-UIP-MNT-012.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { hasActivityOfType } from '../support/model-index.js'

/**
 * Output names that count as the activity's output whatever the list says: package versions
 * rename outputs (modern Get Text's `Text` or `Result`, Read CSV's `DataTable` or `Result`), and a
 * wrong guess would report an activity whose output is in fact stored.
 */
const ANY_OUTPUT = ['Result', 'Output', 'Value', 'DataTable', 'Text', 'Content']

export const undefinedOutputPropertyRule = defineRule({
  ruleId: 'FC-UIP-MNT-012',
  name: 'undefined-output-property',
  category: 'maintainability',
  severity: 'low',
  description: "Activity's output is not stored in a variable.",
  recommendation:
    'Bind the output to a variable that the workflow uses, or remove the activity if its result is not needed.',
  mirrors: ['ST-DBP-020'],
  options: {
    outputProperties: stringListOption({
      default: [
        'ui:GetText.Value',
        'uix:NGetText.Text',
        'ui:GetAttribute.Result',
        'ui:ReadRange.DataTable',
        'ui:ExcelReadRange.DataTable',
        'uix:ExcelReadRange.DataTable',
        'ui:ReadCsvFile.DataTable',
        'ui:ReadTextFile.Content',
        'ui:ExecuteQuery.DataTable',
        'ui:GetRobotAsset.Value',
        'ui:GetAsset.Value',
        'ui:GetQueueItem.TransactionItem',
        'ui:DeserializeJson.JsonObject',
        'ui:FilterDataTable.OutputDataTable',
        'ui:ElementExists.Exists',
      ],
      description:
        'Outputs that must be bound, as `Type.Property` with the canonical model type (`ui:GetText.Value`); an activity of that type without a binding of that property is reported.',
    }),
  },
  check(model, { options }) {
    const wanted = new Map<string, string[]>()
    for (const entry of options.outputProperties) {
      const dot = entry.lastIndexOf('.')
      const list = wanted.get(entry.slice(0, dot)) ?? []
      list.push(entry.slice(dot + 1))
      wanted.set(entry.slice(0, dot), list)
    }
    // Findings come only from activities of these types: a file with none needs no key per expression.
    if (!hasActivityOfType(model, wanted.keys())) return []
    const bound = new Set<string>()
    const key = (node: XamlNode, property: string) => `${node.index}|${property}`
    for (const expression of model.expressions) {
      // Only the bindings of the activities reported below are ever looked up.
      if (
        expression.owner !== undefined &&
        expression.property !== undefined &&
        wanted.has(expression.owner.type) &&
        expression.text.trim() !== ''
      )
        bound.add(key(expression.owner, expression.property))
    }
    const findings: RawFinding[] = []
    for (const activity of model.activities) {
      const properties = wanted.get(activity.type)
      if (properties === undefined) continue
      const isBound = (property: string) => bound.has(key(activity, property))
      if (properties.some(isBound) || ANY_OUTPUT.some(isBound)) continue
      findings.push(findingAt(activity, `${properties.join(' / ')} of ${activity.type} is not stored.`))
    }
    return findings
  },
})
