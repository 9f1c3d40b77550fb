/** The logging rules. Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { workflowWithoutLogMessageRule } from './fc-uip-log-001.js'
import { debugOutputLeftInRule } from './fc-uip-log-002.js'

export const LOGGING_RULES: readonly Rule[] = [workflowWithoutLogMessageRule, debugOutputLeftInRule]
