/** The framework rules. Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { reframeworkMainStatesRule } from './fc-uip-frw-001.js'
import { processTransactionExceptionHandlingRule } from './fc-uip-frw-002.js'
import { settingsThroughInitAllSettingsRule } from './fc-uip-frw-003.js'
import { credentialsFromCredentialStoreRule } from './fc-uip-frw-004.js'

export const FRAMEWORK_RULES: readonly Rule[] = [
  reframeworkMainStatesRule,
  processTransactionExceptionHandlingRule,
  settingsThroughInitAllSettingsRule,
  credentialsFromCredentialStoreRule,
]
