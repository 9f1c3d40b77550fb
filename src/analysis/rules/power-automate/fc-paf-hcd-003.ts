import type { FlowValue } from '../../power-automate/flow-model.js'
import { defineFlowRule, type FlowRawFinding, findingAtValue } from '../../power-automate/flow-rule.js'
import { isRunInput, literalParts } from './support/flow-values.js'

const ADDRESS_AT = /@[a-z0-9-]/i
const MAILBOX = /(?<![\w.%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![\w-])/gi

export const hardcodedMailboxRule = defineFlowRule({
  ruleId: 'FC-PAF-HCD-003',
  name: 'hardcoded-mailbox',
  category: 'hardcoded_value',
  severity: 'low',
  description: 'A step uses a literal mailbox or user address.',
  recommendation:
    'Read recipients and mailboxes from an environment variable, a Dataverse table or the trigger, so the flow does not mail one person in every environment.',
  check(flow) {
    const first = new Map<string, { value: FlowValue; uses: number }>()
    for (const value of flow.values) {
      if (!isRunInput(value)) continue
      // Every address has an `@` and a letter, digit or `-` after it; in a literal part that is
      // `@x` or `@@x` in the text, so a value without `@x` needs no parse (most `@` strings are
      // `@{…}` interpolations or `@name(` expressions, which literalParts reads without parsing).
      if (!ADDRESS_AT.test(value.node.value)) continue
      for (const part of literalParts(value)) {
        if (!part.includes('@')) continue // the '@' may be in an expression, not in this text
        for (const match of part.matchAll(MAILBOX)) {
          const address = match[0].toLowerCase()
          const seen = first.get(address)
          if (seen === undefined) first.set(address, { value, uses: 1 })
          else seen.uses++
        }
      }
    }
    const findings: FlowRawFinding[] = []
    for (const [address, { value, uses }] of first) {
      const others = uses > 1 ? `; used ${uses} times in this flow` : ''
      findings.push(findingAtValue(value, `${address} is written into ${value.path}${others}.`, address))
    }
    return findings
  },
})
