/**
 * Power Automate's rules (`FC-PAF-…`), sorted by id. One import and one entry per rule.
 *
 * @module
 */
import type { FlowRule } from '../../power-automate/flow-rule.js'
import { noErrorHandlingRule } from './fc-paf-err-001.js'
import { hardcodedSecretRule } from './fc-paf-hcd-001.js'
import { hardcodedEnvironmentUrlRule } from './fc-paf-hcd-002.js'
import { hardcodedMailboxRule } from './fc-paf-hcd-003.js'
import { deepNestingRule } from './fc-paf-mnt-001.js'
import { defaultActionNameRule } from './fc-paf-nmg-001.js'
import { missingChildFlowRule } from './fc-paf-prj-001.js'
import { premiumConnectorRule } from './fc-paf-prj-002.js'
import { httpRetryPolicyRule } from './fc-paf-rel-001.js'
import { untilWithoutLimitRule } from './fc-paf-rel-002.js'
import { triggerConcurrencyRule } from './fc-paf-rel-003.js'
import { unresolvedActionReferenceRule } from './fc-paf-rel-004.js'
import { secretWithoutSecureDataRule } from './fc-paf-sec-001.js'
import { connectorNotAllowedRule } from './fc-paf-sec-002.js'

export const POWER_AUTOMATE_RULES: readonly FlowRule[] = Object.freeze(
  [
    hardcodedSecretRule,
    hardcodedEnvironmentUrlRule,
    hardcodedMailboxRule,
    secretWithoutSecureDataRule,
    connectorNotAllowedRule,
    noErrorHandlingRule,
    httpRetryPolicyRule,
    untilWithoutLimitRule,
    triggerConcurrencyRule,
    unresolvedActionReferenceRule,
    missingChildFlowRule,
    premiumConnectorRule,
    deepNestingRule,
    defaultActionNameRule,
  ].sort((a, b) => a.ruleId.localeCompare(b.ruleId)) as FlowRule[],
)
