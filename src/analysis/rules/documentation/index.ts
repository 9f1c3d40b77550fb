/** The documentation rules. Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { workflowWithoutAnnotationRule } from './fc-uip-doc-001.js'
import { argumentWithoutAnnotationRule } from './fc-uip-doc-002.js'

export const DOCUMENTATION_RULES: readonly Rule[] = [
  workflowWithoutAnnotationRule,
  argumentWithoutAnnotationRule,
]
