/** The hardcoded_value rules. Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { hardcodedCredentialRule } from './fc-uip-hcd-001.js'
import { hardcodedUrlRule } from './fc-uip-hcd-002.js'
import { hardcodedFilePathRule } from './fc-uip-hcd-003.js'
import { hardcodedEmailRule } from './fc-uip-hcd-004.js'
import { hardcodedOrchestratorNameRule } from './fc-uip-hcd-005.js'
import { hardcodedTimeoutRule } from './fc-uip-hcd-006.js'
import { hardcodedActivityPropertyRule } from './fc-uip-hcd-007.js'

export const HARDCODED_VALUE_RULES: readonly Rule[] = [
  hardcodedCredentialRule,
  hardcodedUrlRule,
  hardcodedFilePathRule,
  hardcodedEmailRule,
  hardcodedOrchestratorNameRule,
  hardcodedTimeoutRule,
  hardcodedActivityPropertyRule,
]
