/**
 * FC-UIP-SEC-007 password-from-random: a secret (a variable or argument named like a password,
 * token or PIN) is assigned a value computed with `System.Random` (`New Random()`, a Random
 * variable's `Next`, VB's `Rnd`), which is predictable: it is seeded from the clock and not
 * meant for security.
 * Doc: docs/rules/FC-UIP-SEC-007.md.
 */
import type { XamlExpression, XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { forEachIdentifier } from '../support/expression-identifiers.js'
import {
  DEFAULT_METADATA_SUFFIXES,
  DEFAULT_SECRET_WORDS,
  sensitiveNameMatcher,
} from '../support/sensitive-names.js'

/** Identifiers that draw from System.Random (compared lower-case). */
const RANDOM_IDENTIFIERS: ReadonlySet<string> = new Set(['random', 'rnd', 'randomize'])

/**
 * The variable or argument an l-value expression assigns (`newPassword`, `io_Data("pin")` →
 * `io_Data`), as written: case matters to split `newPassword` into words.
 */
function assignedName(expression: XamlExpression): string | undefined {
  return /^\s*@?([A-Za-z_]\w*)/.exec(expression.text)?.[1]
}

export const passwordFromRandomRule = defineRule({
  ruleId: 'FC-UIP-SEC-007',
  name: 'password-from-random',
  category: 'security',
  severity: 'medium',
  description: 'Secret generated with System.Random.',
  recommendation:
    'Generate passwords, tokens and PINs with a cryptographic generator (System.Security.Cryptography.RandomNumberGenerator, e.g. RandomNumberGenerator.GetInt32 per character), never with Random or Rnd.',
  mirrors: [],
  options: {
    secretWords: stringListOption({
      default: DEFAULT_SECRET_WORDS,
      description:
        'Whole words (case-insensitive) that mark a variable or argument name as a secret (split on camelCase, `_` and digits).',
    }),
    metadataSuffixes: stringListOption({
      default: DEFAULT_METADATA_SUFFIXES,
      description: 'Last words that make a name metadata about a secret, not the secret (`PasswordLength`).',
    }),
  },
  check(model, { options }) {
    const matcher = sensitiveNameMatcher(options.secretWords, options.metadataSuffixes)
    const randomNames = new Set(
      [...model.variables, ...model.arguments]
        .filter((v) => v.typeName === 'System.Random')
        .map((v) => v.name.toLowerCase()),
    )
    const usesRandom = (expression: XamlExpression): boolean => {
      let found = false
      forEachIdentifier(expression.text, expression.language, (identifier) => {
        const lower = identifier.toLowerCase()
        if (RANDOM_IDENTIFIERS.has(lower) || randomNames.has(lower)) found = true
      })
      return found
    }
    // Assign-like owners: an l-value `To` and an r-value `Value` on the same node.
    const targets = new Map<XamlNode, string>()
    const randomValues = new Set<XamlNode>()
    for (const expression of model.expressions) {
      const owner = expression.owner
      if (owner === undefined) continue
      // `To` is an l-value in element form ('reference') and in attribute form (read as 'value').
      if (expression.property === 'To') {
        const name = assignedName(expression)
        if (name !== undefined && matcher.isSensitive(name)) targets.set(owner, name)
      } else if (expression.role === 'value' && expression.property === 'Value' && usesRandom(expression)) {
        randomValues.add(owner)
      }
    }
    const findings: RawFinding[] = []
    for (const [owner, name] of targets) {
      if (randomValues.has(owner))
        findings.push(findingAt(owner, `"${name}" is assigned a value from System.Random.`))
    }
    for (const variable of model.variables) {
      const value = variable.default
      if (
        value?.kind !== 'expression' ||
        !matcher.isSensitive(variable.name) ||
        !usesRandom(value.expression)
      )
        continue
      findings.push({
        ...findingAt(variable.node, `"${variable.name}" defaults to a value from System.Random.`),
        activity: variable.scope ? activityLabel(variable.scope) : variable.name,
      })
    }
    return findings
  },
})
