/**
 * FC-UIP-SEC-004 credential-in-string: a String variable or argument whose name says it holds a
 * password, secret, token or PIN. Mirrors UiPath Workflow Analyzer ST-SEC-007 / ST-SEC-008 (keep
 * credentials in SecureString). The name is a hint, not the evidence: when data flow shows every
 * value written to it is clearly no credential (a `token` variable holding an OAuth endpoint URL),
 * it is not reported (support/secret-evidence.ts). Doc: docs/rules/FC-UIP-SEC-004.md.
 */
import { fileWrites } from '../../dataflow/workflow-flow.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { writtenValuesVerdict } from '../support/secret-evidence.js'
import {
  DEFAULT_METADATA_SUFFIXES,
  DEFAULT_SECRET_WORDS,
  sensitiveNameMatcher,
} from '../support/sensitive-names.js'

const STRING_TYPE = 'System.String'
// A bare identifier, optionally parenthesised: the whole expression *is* the variable.
const BARE_IDENTIFIER = /^\(*\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)*$/

export const credentialInStringRule = defineRule({
  ruleId: 'FC-UIP-SEC-004',
  name: 'credential-in-string',
  category: 'security',
  severity: 'medium',
  description: 'Credential held in a String variable or argument instead of a SecureString.',
  recommendation:
    'Declare the variable or argument as System.Security.SecureString (Get Credential / Get Secure Credential return one) and pass it to Type Secure Text or a SecurePassword property; never keep the clear text in a String.',
  mirrors: ['ST-SEC-007', 'ST-SEC-008'],
  options: {
    secretWords: stringListOption({
      default: DEFAULT_SECRET_WORDS,
      description:
        'Whole words (case-insensitive) that mark a name as a secret; names are split on camelCase, `_` and digits, and two adjacent words are also tried joined (`ApiKey` → `apikey`).',
    }),
    metadataSuffixes: stringListOption({
      default: DEFAULT_METADATA_SUFFIXES,
      description:
        'Last words that make a name metadata about a secret, not the secret (`PasswordAssetName`, `TokenExpiry`, `IsPasswordValid`).',
    }),
    stringOnlyActivities: stringListOption({
      default: ['ui:RequestCredential', 'ui:AddCredential'],
      description:
        'Activities whose Password property only accepts a String: a variable bound to it is exempt, since no SecureString alternative exists.',
    }),
  },
  check(model, { options }) {
    const matcher = sensitiveNameMatcher(options.secretWords, options.metadataSuffixes)
    // Variables that must be String because a String-only activity reads or writes them.
    const stringOnlyTypes = new Set(options.stringOnlyActivities)
    const exempt = new Set<string>()
    for (const expression of model.expressions) {
      const owner = expression.owner
      if (owner === undefined || expression.property !== 'Password' || !stringOnlyTypes.has(owner.type))
        continue
      const bare = BARE_IDENTIFIER.exec(expression.text.trim())
      if (bare?.[1]) exempt.add(bare[1].toLowerCase())
    }
    const findings: RawFinding[] = []
    // What the values written say, computed only when some name is a candidate (rare).
    let flow: ReturnType<typeof fileWrites> | undefined
    const contradicted = (
      isSymbol: (symbol: { kind: string; name: string; node: unknown }) => boolean,
    ): boolean => {
      flow ??= fileWrites(model)
      const symbol = flow.symbols.all.find(isSymbol)
      return symbol !== undefined && writtenValuesVerdict(flow.writes.get(symbol.id)) === 'not-secret'
    }
    for (const variable of model.variables) {
      if (variable.typeName !== STRING_TYPE || !matcher.isSensitive(variable.name)) continue
      if (exempt.has(variable.name.toLowerCase())) continue
      if (contradicted((symbol) => symbol.node === variable.node)) continue
      findings.push(
        findingAt(
          variable.node,
          `Variable "${variable.name}" is a String; a credential belongs in a SecureString.`,
        ),
      )
    }
    for (const argument of model.arguments) {
      if (argument.typeName !== STRING_TYPE || !matcher.isSensitive(argument.name)) continue
      if (contradicted((symbol) => symbol.kind === 'argument' && symbol.name === argument.name)) continue
      findings.push({
        line: argument.line,
        column: argument.column,
        activity: argument.name,
        message: `Argument "${argument.name}" (${argument.direction}) is a String; a credential belongs in a SecureString.`,
      })
    }
    return findings
  },
})
