/** The maintainability rules. Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { tooManyArgumentsRule } from './fc-uip-mnt-001.js'
import { nestingTooDeepRule } from './fc-uip-mnt-002.js'
import { nestedIfsRule } from './fc-uip-mnt-003.js'
import { emptySequenceOrWorkflowRule } from './fc-uip-mnt-004.js'
import { unusedVariableRule } from './fc-uip-mnt-005.js'
import { redundantSequenceRule } from './fc-uip-mnt-006.js'
import { ifEmptyThenRule } from './fc-uip-mnt-007.js'
import { workflowTooLargeRule } from './fc-uip-mnt-008.js'
import { unreachableFlowchartNodeRule } from './fc-uip-mnt-009.js'
import { multipleFlowchartLayersRule } from './fc-uip-mnt-010.js'
import { emptyUseExcelFileRule } from './fc-uip-mnt-011.js'
import { undefinedOutputPropertyRule } from './fc-uip-mnt-012.js'

export const MAINTAINABILITY_RULES: readonly Rule[] = [
  tooManyArgumentsRule,
  nestingTooDeepRule,
  nestedIfsRule,
  emptySequenceOrWorkflowRule,
  unusedVariableRule,
  redundantSequenceRule,
  ifEmptyThenRule,
  workflowTooLargeRule,
  unreachableFlowchartNodeRule,
  multipleFlowchartLayersRule,
  emptyUseExcelFileRule,
  undefinedOutputPropertyRule,
]
