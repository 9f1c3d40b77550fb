/** The error_handling rules. Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { emptyCatchRule } from './fc-uip-err-001.js'
import { catchWithoutLogOrRethrowRule } from './fc-uip-err-002.js'
import { continueOnErrorTrueRule } from './fc-uip-err-003.js'
import { tryWithoutCatchOrFinallyRule } from './fc-uip-err-004.js'
import { genericExceptionForBusinessRuleRule } from './fc-uip-err-005.js'
import { httpStatusNotCheckedRule } from './fc-uip-err-006.js'

export const ERROR_HANDLING_RULES: readonly Rule[] = [
  emptyCatchRule,
  catchWithoutLogOrRethrowRule,
  continueOnErrorTrueRule,
  tryWithoutCatchOrFinallyRule,
  genericExceptionForBusinessRuleRule,
  httpStatusNotCheckedRule,
]
