/** Blue Prism's rules (`FC-BPR-…`): one import and one entry per rule (see docs/platforms.md). */
import type { Rule } from '../rule.js'

export const BLUE_PRISM_RULES: readonly Rule[] = []
