/** Power Automate's rules (`FC-PAF-…`): one import and one entry per rule (see docs/platforms.md). */
import type { Rule } from '../rule.js'

export const POWER_AUTOMATE_RULES: readonly Rule[] = []
