/** The security rules. Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { passwordTypedAsPlainTextRule } from './fc-uip-sec-001.js'
import { secureStringToStringRule } from './fc-uip-sec-002.js'
import { secretWrittenToLogRule } from './fc-uip-sec-003.js'
import { credentialInStringRule } from './fc-uip-sec-004.js'
import { personalDataInSelectorRule } from './fc-uip-sec-005.js'
import { dynamicCodeExecutionRule } from './fc-uip-sec-006.js'
import { passwordFromRandomRule } from './fc-uip-sec-007.js'
import { applicationOrUrlRestrictedRule } from './fc-uip-sec-008.js'
import { secretLeakRule } from './fc-uip-sec-020.js'
import { untrustedInputToCodeRule } from './fc-uip-sec-021.js'
import { sqlInjectionRule } from './fc-uip-sec-022.js'
import { pathTraversalRule } from './fc-uip-sec-023.js'
import { crossWorkflowSecretLeakRule } from './fc-uip-sec-024.js'
import { crossWorkflowUntrustedInputRule } from './fc-uip-sec-025.js'

export const SECURITY_RULES: readonly Rule[] = [
  passwordTypedAsPlainTextRule,
  secureStringToStringRule,
  secretWrittenToLogRule,
  credentialInStringRule,
  personalDataInSelectorRule,
  dynamicCodeExecutionRule,
  passwordFromRandomRule,
  applicationOrUrlRestrictedRule,
  secretLeakRule,
  untrustedInputToCodeRule,
  sqlInjectionRule,
  pathTraversalRule,
  crossWorkflowSecretLeakRule,
  crossWorkflowUntrustedInputRule,
]
