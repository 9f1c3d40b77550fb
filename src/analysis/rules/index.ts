/**
 * The rule index: every rule Flowcerta knows, sorted by ruleId. Each UiPath category folder and
 * each other platform's folder has its own index.ts listing its rules; adding a rule = one import and one entry there (the catalogue test
 * fails until the rule, its test and its doc page all exist).
 */
import { BLUE_PRISM_RULES } from './blue-prism/index.js'
import { DOCUMENTATION_RULES } from './documentation/index.js'
import { ERROR_HANDLING_RULES } from './error-handling/index.js'
import { FRAMEWORK_RULES } from './framework/index.js'
import { HARDCODED_VALUE_RULES } from './hardcoded-value/index.js'
import { LOGGING_RULES } from './logging/index.js'
import { MAINTAINABILITY_RULES } from './maintainability/index.js'
import { NAMING_RULES } from './naming/index.js'
import { POWER_AUTOMATE_RULES } from './power-automate/index.js'
import { PROJECT_RULES } from './project/index.js'
import { RELIABILITY_RULES } from './reliability/index.js'
import type { Rule } from './rule.js'
import { SECURITY_RULES } from './security/index.js'

/** All rules, sorted by ruleId. */
export const RULES: readonly Rule[] = Object.freeze(
  [
    ...HARDCODED_VALUE_RULES,
    ...SECURITY_RULES,
    ...ERROR_HANDLING_RULES,
    ...NAMING_RULES,
    ...MAINTAINABILITY_RULES,
    ...RELIABILITY_RULES,
    ...LOGGING_RULES,
    ...DOCUMENTATION_RULES,
    ...FRAMEWORK_RULES,
    ...PROJECT_RULES,
    // Other platforms keep their rules in one folder each.
    ...POWER_AUTOMATE_RULES,
    ...BLUE_PRISM_RULES,
  ].sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
)

const byId = new Map(RULES.map((rule) => [rule.ruleId, rule]))

/** The rule with this id, or undefined. */
export function getRule(ruleId: string): Rule | undefined {
  return byId.get(ruleId)
}
