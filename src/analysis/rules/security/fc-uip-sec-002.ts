/**
 * FC-UIP-SEC-002 securestring-to-string: an expression that turns a SecureString back into clear
 * text (`New NetworkCredential("", s).Password`, `Marshal.PtrToStringBSTR`, `.ToString`/`CStr` on a
 * SecureString). Mirrors UiPath Workflow Analyzer ST-SEC-009. Doc: docs/rules/FC-UIP-SEC-002.md.
 */
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { regexOption } from '../rule-options.js'
import { SECURE_STRING_TYPE } from '../support/sensitive-names.js'

// Converters of a SecureString on a name we do not need to know: the shape of the call is enough.
const DEFAULT_CONVERSION_PATTERN = [
  // New [System.]Net.NetworkCredential(user, secure).Password — `.SecurePassword` (String→SecureString) does not match.
  String.raw`\bNetworkCredential\s*\((?:[^()]|\([^()]*\))*\)\s*\.\s*Password\b`,
  // Marshal: SecureString → unmanaged buffer → String.
  String.raw`\bMarshal\s*\.\s*(?:SecureStringTo(?:BSTR|GlobalAlloc(?:Ansi|Unicode)|CoTaskMem(?:Ansi|Unicode))|PtrToString(?:BSTR|Uni|Auto|Ansi))\b`,
].join('|')

const ESCAPE = /[.*+?^${}()|[\]\\]/g

/**
 * Every match of the default pattern names NetworkCredential or Marshal: with the default, this cheap
 * test skips the pattern (whose leading `\b` makes it try every position) on nearly every expression.
 */
const DEFAULT_PATTERN_SOURCE = new RegExp(DEFAULT_CONVERSION_PATTERN, 'iu').source
const MAY_MATCH_DEFAULT = /NetworkCredential|Marshal/iu

export const secureStringToStringRule = defineRule({
  ruleId: 'FC-UIP-SEC-002',
  name: 'securestring-to-string',
  category: 'security',
  severity: 'high',
  description: 'A SecureString is converted into a plain String.',
  recommendation:
    'Keep the SecureString end to end: pass it to Type Secure Text, Send Keys Secure or a SecurePassword property; if an API only takes a String, convert in the narrowest scope and never store or log the result.',
  mirrors: ['ST-SEC-009'],
  options: {
    conversionPattern: regexOption({
      default: DEFAULT_CONVERSION_PATTERN,
      flags: 'iu',
      description:
        'Expression shapes that decrypt any SecureString (NetworkCredential(...).Password, Marshal SecureStringToBSTR / PtrToStringBSTR ...)',
    }),
  },
  check(model, { options }) {
    // Names declared as SecureString in this file: `.ToString`, `CStr(x)`, `Convert.ToString(x)`,
    // `CType(x, String)` on them is a conversion too.
    const names: string[] = []
    for (const variable of model.variables)
      if (variable.typeName === SECURE_STRING_TYPE && variable.name !== '') names.push(variable.name)
    for (const argument of model.arguments)
      if (argument.typeName === SECURE_STRING_TYPE && argument.name !== '') names.push(argument.name)
    let onName: RegExp | undefined
    if (names.length > 0) {
      const alternatives = [...new Set(names)].map((name) => name.replace(ESCAPE, '\\$&')).join('|')
      const name = `(?<![\\w.])(?:${alternatives})(?!\\w)`
      onName = new RegExp(
        [
          `${name}\\s*\\.\\s*ToString\\b`,
          `\\b(?:CStr|Convert\\s*\\.\\s*ToString)\\s*\\(\\s*${name}\\s*\\)`,
          `\\b(?:CType|DirectCast|TryCast)\\s*\\(\\s*${name}\\s*,\\s*(?:System\\s*\\.\\s*)?String\\s*\\)`,
          `\\(\\s*(?:string|System\\s*\\.\\s*String)\\s*\\)\\s*${name}`,
        ].join('|'),
        'iu',
      )
    }
    const pattern = options.conversionPattern
    const preTest =
      pattern.source === DEFAULT_PATTERN_SOURCE && pattern.flags === 'iu' ? MAY_MATCH_DEFAULT : undefined
    const findings: RawFinding[] = []
    for (const expression of model.expressions) {
      const text = expression.text
      const match =
        (preTest === undefined || preTest.test(text) ? pattern.exec(text) : null) ?? onName?.exec(text)
      if (!match) continue
      findings.push({
        line: expression.line,
        column: expression.column,
        activity: expression.owner ? activityLabel(expression.owner) : (model.className ?? model.fileName),
        message: `"${match[0].replace(/\s+/g, ' ')}" turns a SecureString into clear text.`,
      })
    }
    return findings
  },
})
