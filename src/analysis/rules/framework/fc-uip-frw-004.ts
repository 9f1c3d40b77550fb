/**
 * FC-UIP-FRW-004 credentials-from-credential-store: in Main.xaml and Framework/*.xaml, a password
 * or secure text that does not come from Get Robot Credential / Get Secure Credential / Get
 * Credential: a literal, a string literal turned into a credential, or a value read from the Config
 * dictionary. No UiPath Workflow Analyzer equivalent. Doc: docs/rules/FC-UIP-FRW-004.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { regexOption, stringListOption } from '../rule-options.js'

/** The whole expression is one string literal: `"secret"`, `@"secret"`. */
const STRING_LITERAL_ONLY = /^\s*[@$]?"(?:[^"]|"")+"\s*$/
/**
 * `New NetworkCredential(<user>, "literal")` / `new System.Net.NetworkCredential("", "literal")`:
 * a credential built from a literal password (the second argument). The user argument may be any
 * simple expression without commas or parentheses.
 */
const NETWORK_CREDENTIAL_LITERAL =
  /\bnew\s+(?:System\.Net\.)?NetworkCredential\s*\(\s*[^,()]*,\s*[@$]?"(?:[^"]|"")+"/i
const NETWORK_CREDENTIAL = /\bnew\s+(?:System\.Net\.)?NetworkCredential\s*\(/i

export const credentialsFromCredentialStoreRule = defineRule({
  ruleId: 'FC-UIP-FRW-004',
  name: 'credentials-from-credential-store',
  category: 'framework',
  severity: 'high',
  description: 'Credentials are not fetched through Get Robot Credential or Get Secure Credential.',
  recommendation:
    'Store the credential as an Orchestrator Credential asset (or in the Windows Credential Manager), keep only its asset name in Config, and fetch it with Get Robot Credential / Get Secure Credential as Framework\\GetAppCredentials.xaml does; pass the SecureString on, never a string.',
  mirrors: [],
  appliesTo: ['Main.xaml', 'Framework/*.xaml'],
  options: {
    credentialProperties: stringListOption({
      default: ['Password', 'SecurePassword', 'SecureText'],
      description: 'Activity properties that take a password or secure text.',
    }),
    credentialSourceActivities: stringListOption({
      default: ['GetRobotCredential', 'GetSecureCredential', 'GetCredential', 'RequestCredential'],
      description:
        'Local names of the activities that *produce* credentials (their Password is an output, never reported).',
    }),
    configRead: regexOption({
      default: '\\b(?:in_|io_)?Config\\s*[([]',
      flags: 'i',
      description: 'How a read of the Config dictionary looks in an expression',
    }),
  },
  check(model, { options }) {
    const sinks = new Set(options.credentialProperties)
    const sources = new Set(options.credentialSourceActivities)
    const isSource = (owner: XamlNode | undefined): boolean => {
      const activity =
        owner === undefined ? undefined : owner.kind === 'activity' ? owner : owner.parentActivity
      return activity !== undefined && sources.has(activity.localName)
    }
    const label = (owner: XamlNode | undefined): XamlNode =>
      owner === undefined ? model.root : owner.kind === 'activity' ? owner : (owner.parentActivity ?? owner)
    const findings: RawFinding[] = []
    for (const literal of model.literals) {
      // A flag (`Password="True"` on a Boolean property) is a setting, not a credential.
      if (
        !sinks.has(literal.property) ||
        literal.flag ||
        literal.value.trim() === '' ||
        isSource(literal.owner)
      )
        continue
      findings.push({
        ...findingAt(label(literal.owner), `${literal.property} is a hardcoded literal.`),
        line: literal.line,
        column: literal.column,
      })
    }
    for (const expression of model.expressions) {
      if (expression.role !== 'value') continue
      const text = expression.text
      const sink =
        expression.property !== undefined && sinks.has(expression.property) && !isSource(expression.owner)
      let problem: string | undefined
      if (NETWORK_CREDENTIAL_LITERAL.test(text)) {
        problem = 'A NetworkCredential is built from a hardcoded password.'
      } else if (sink && STRING_LITERAL_ONLY.test(text)) {
        problem = `${expression.property} is a hardcoded string.`
      } else if ((sink || NETWORK_CREDENTIAL.test(text)) && options.configRead.test(text)) {
        problem = 'The password is read from the Config dictionary instead of a credential asset.'
      }
      if (problem === undefined) continue
      findings.push({
        ...findingAt(label(expression.owner), problem),
        line: expression.line,
        column: expression.column,
      })
    }
    return findings
  },
})
