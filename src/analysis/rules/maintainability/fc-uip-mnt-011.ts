/**
 * FC-UIP-MNT-011 empty-use-excel-file: a Use Excel File scope (Excel Business activities'
 * `ExcelApplicationCard`, or the `UseExcelFile` card) with no activity inside.
 * Mirrors UiPath Workflow Analyzer XL-DBP-027. Doc: docs/rules/FC-UIP-MNT-011.md.
 */
import { isEmptyContainer } from '../../xaml/model-queries.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt } from '../rule.js'

const USE_EXCEL_FILE = new Set(['ExcelApplicationCard', 'UseExcelFile'])

/** True when the card's body holds no activity (no body, or only empty containers). */
function hasNoWork(card: XamlNode): boolean {
  return card.children.every((child) => isEmptyContainer(child))
}

export const emptyUseExcelFileRule = defineRule({
  ruleId: 'FC-UIP-MNT-011',
  name: 'empty-use-excel-file',
  category: 'maintainability',
  severity: 'low',
  description: 'Use Excel File scope with no activity inside.',
  recommendation:
    'Add the Excel activities the scope is for, or delete it: an empty Use Excel File still opens (and may create or lock) the workbook.',
  mirrors: ['XL-DBP-027'],
  check(model) {
    return model.activities
      .filter((activity) => USE_EXCEL_FILE.has(activity.localName) && hasNoWork(activity))
      .map((activity) => findingAt(activity, 'The Use Excel File scope has no activity.'))
  },
})
