/**
 * FC-UIP-SEC-023 path-traversal: untrusted input reaches a file path (read, write, append, copy,
 * move, delete, create). Found by data flow inside the workflow; `Path.GetFileName(x)` and similar
 * uses that keep only a name clear it. Doc: docs/rules/FC-UIP-SEC-023.md.
 */
import { fileFlowFindings } from '../../dataflow/flow-findings.js'
import { defineRule } from '../rule.js'

export const pathTraversalRule = defineRule({
  ruleId: 'FC-UIP-SEC-023',
  name: 'path-traversal',
  category: 'security',
  severity: 'medium',
  description: 'Untrusted input is used in a file path.',
  recommendation:
    'Build paths from a fixed folder and a name you checked: keep only the file name (`Path.GetFileName`), reject `..` and rooted paths, or map the input to an allow-list.',
  mirrors: [],
  check(model) {
    return fileFlowFindings(model, ['path'], () => 'Untrusted input is')
  },
})
