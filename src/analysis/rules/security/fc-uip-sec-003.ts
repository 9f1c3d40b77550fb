/**
 * FC-UIP-SEC-003 secret-written-to-log: a Log Message, Write Line, Message Box or Add Log Fields
 * whose value expression reads a SecureString or a variable/argument named like a password,
 * secret, token or PIN. The name is a hint: a variable whose every written value is clearly no
 * credential (a URL) is not reported, and a leak the data flow proves is left to FC-UIP-SEC-020,
 * which names its path (support/secret-evidence.ts). Doc: docs/rules/FC-UIP-SEC-003.md.
 */
import { fileFlow, fileWrites } from '../../dataflow/workflow-flow.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { forEachIdentifier } from '../support/expression-identifiers.js'
import { writtenValuesVerdict } from '../support/secret-evidence.js'
import {
  DEFAULT_METADATA_SUFFIXES,
  DEFAULT_SECRET_WORDS,
  SECURE_STRING_TYPE,
  sensitiveNameMatcher,
} from '../support/sensitive-names.js'

// Types that cannot carry a secret's text: a Boolean named `PasswordOk` or a counter is not a leak.
const NON_SECRET_TYPES: ReadonlySet<string> = new Set([
  'System.Boolean',
  'System.DateTime',
  'System.TimeSpan',
])

export const secretWrittenToLogRule = defineRule({
  ruleId: 'FC-UIP-SEC-003',
  name: 'secret-written-to-log',
  category: 'security',
  severity: 'high',
  description: 'A password, token or other secret is written to a log or message box.',
  recommendation:
    'Remove the secret from the message; log that a credential was used (its asset name, the user name) but never its value, and keep SecureStrings inside Type Secure Text or SecurePassword properties.',
  mirrors: [],
  options: {
    activityTypes: stringListOption({
      default: ['ui:LogMessage', 'WriteLine', 'ui:MessageBox', 'ui:AddLogFields'],
      description:
        'Activity types whose value expressions end up in logs or on screen, as canonical model types (`ui:LogMessage`, `WriteLine`).',
    }),
    secretWords: stringListOption({
      default: DEFAULT_SECRET_WORDS,
      description:
        'Whole words (case-insensitive) that mark a variable or argument name as a secret (see FC-UIP-SEC-004).',
    }),
    metadataSuffixes: stringListOption({
      default: DEFAULT_METADATA_SUFFIXES,
      description:
        'Last words that make a name metadata about a secret, not the secret (`PasswordAssetName`, `TokenExpiry`).',
    }),
  },
  check(model, { options }) {
    const types = new Set(options.activityTypes)
    const matcher = sensitiveNameMatcher(options.secretWords, options.metadataSuffixes)
    // Declared names that hold secrets, lower-cased (VB is case-insensitive; C# names rarely differ by case only).
    const secrets = new Map<string, string>()
    const consider = (name: string, typeName: string): void => {
      if (name === '') return
      if (typeName === SECURE_STRING_TYPE || (!NON_SECRET_TYPES.has(typeName) && matcher.isSensitive(name)))
        secrets.set(name.toLowerCase(), name)
    }
    for (const variable of model.variables) consider(variable.name, variable.typeName)
    for (const argument of model.arguments) consider(argument.name, argument.typeName)
    if (secrets.size === 0) return []

    const findings: RawFinding[] = []
    const reported = new Set<string>()
    // Leaks the data flow proves (FC-UIP-SEC-020 reports them with their path), by activity and property.
    const proven = new Set(
      fileFlow(model)
        .hits.filter((hit) => hit.sink.kind === 'leak')
        .map((hit) => `${hit.activity.index}:${hit.property}`),
    )
    let flow: ReturnType<typeof fileWrites> | undefined
    const misleadingName = (identifier: string, owner: XamlNode): boolean => {
      flow ??= fileWrites(model)
      const symbol = flow.symbols.resolve(identifier, owner)
      return symbol !== undefined && writtenValuesVerdict(flow.writes.get(symbol.id)) === 'not-secret'
    }
    for (const expression of model.expressions) {
      const owner = expression.owner
      if (owner === undefined || expression.role !== 'value' || !types.has(owner.type)) continue
      if (proven.has(`${owner.index}:${expression.property ?? ''}`)) continue
      let leaked: string | undefined
      // Identifiers outside string literals only: "password reset" in a message text is not a leak.
      forEachIdentifier(expression.text, expression.language, (identifier) => {
        const name = secrets.get(identifier.toLowerCase())
        if (leaked === undefined && name !== undefined && !misleadingName(name, owner)) leaked = name
      })
      if (leaked === undefined) continue
      // One finding per activity and secret, at the expression that leaks it.
      const key = `${owner.index}:${leaked}`
      if (reported.has(key)) continue
      reported.add(key)
      findings.push({
        line: expression.line,
        column: expression.column,
        activity: activityLabel(owner),
        message: `${owner.type} ${expression.property ?? 'value'} reads "${leaked}".`,
      })
    }
    return findings
  },
})
