/** The naming rules. Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { variableNamingConventionRule } from './fc-uip-nmg-001.js'
import { argumentNamingConventionRule } from './fc-uip-nmg-002.js'
import { duplicateDisplayNameRule } from './fc-uip-nmg-003.js'
import { variableShadowsNameRule } from './fc-uip-nmg-004.js'
import { nameTooLongRule } from './fc-uip-nmg-005.js'
import { dataTablePrefixRule } from './fc-uip-nmg-006.js'
import { defaultDisplayNameRule } from './fc-uip-nmg-007.js'
import { argumentDefaultValueRule } from './fc-uip-nmg-008.js'

export const NAMING_RULES: readonly Rule[] = [
  variableNamingConventionRule,
  argumentNamingConventionRule,
  duplicateDisplayNameRule,
  variableShadowsNameRule,
  nameTooLongRule,
  dataTablePrefixRule,
  defaultDisplayNameRule,
  argumentDefaultValueRule,
]
