/**
 * FC-UIP-ERR-005 generic-exception-for-business-rule: a Throw of a plain System.Exception whose
 * message describes a business-rule / data-validation failure ("invalid", "missing", "duplicate"...),
 * where a BusinessRuleException belongs (REFramework retries system exceptions, not business ones).
 * Doc: docs/rules/FC-UIP-ERR-005.md.
 */
import type { XamlExpression, XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { regexOption } from '../rule-options.js'

// `New Exception(`, `new System.Exception(` (VB or C#) at the start of the Throw's expression.
const GENERIC_EXCEPTION = /^\s*new\s+(?:global::)?(?:System\s*\.\s*)?Exception\s*\(/i
// String literals: VB "a ""b""" and C# "a \"b\"" (verbatim/interpolated prefixes are harmless here).
const VB_STRING = /"((?:[^"]|"")*)"/g
const CS_STRING = /"((?:[^"\\]|\\.)*)"/g

function stringLiterals(expression: XamlExpression): string[] {
  const pattern = expression.language === 'CSharp' ? CS_STRING : VB_STRING
  return [...expression.text.matchAll(pattern)].map((m) => m[1] ?? '')
}

export const genericExceptionForBusinessRuleRule = defineRule({
  ruleId: 'FC-UIP-ERR-005',
  name: 'generic-exception-for-business-rule',
  category: 'error_handling',
  severity: 'low',
  description: 'A generic System.Exception is thrown for what reads as a business-rule failure.',
  recommendation:
    'Throw a BusinessRuleException (New BusinessRuleException("…")) for invalid or incomplete data, so the REFramework marks the transaction as a business exception instead of retrying it as a system failure.',
  mirrors: [],
  options: {
    businessMessagePattern: regexOption({
      default: String.raw`\b(?:invalid|not valid|missing|incorrect|incomplete|mismatch(?:ed)?|does not match|doesn't match|duplicate[ds]?|already (?:exists|processed|paid)|rejected|not allowed|not eligible|ineligible|insufficient|out of range|exceeds? (?:the )?(?:limit|maximum|threshold)|business rule|validation failed|failed validation)\b`,
      flags: 'iu',
      description:
        "Words in the exception's message (its string literals) that describe a business-rule or data-validation failure",
    }),
  },
  check(model, { options }) {
    const throwExpressions = new Map<XamlNode, XamlExpression>()
    for (const expression of model.expressions) {
      const owner = expression.owner
      // The Throw's own value expression (attribute `Exception="[…]"` or the C# `<InArgument>` element).
      if (owner?.localName === 'Throw' && owner.kind === 'activity' && expression.role === 'value')
        if (!throwExpressions.has(owner)) throwExpressions.set(owner, expression)
    }
    const findings: RawFinding[] = []
    for (const [owner, expression] of throwExpressions) {
      if (!GENERIC_EXCEPTION.test(expression.text)) continue
      const message = stringLiterals(expression).find((text) => options.businessMessagePattern.test(text))
      if (message === undefined) continue
      findings.push(findingAt(owner, `Throws System.Exception("${message}"); use a BusinessRuleException.`))
    }
    return findings.sort((a, b) => a.line - b.line || a.column - b.column)
  },
})
