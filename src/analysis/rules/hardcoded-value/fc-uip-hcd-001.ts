/**
 * FC-UIP-HCD-001 hardcoded-credential: a password, secret, token or key written into the workflow
 * as a constant. Doc: docs/rules/FC-UIP-HCD-001.md.
 *
 * Two families of evidence, checked in one pass over the model's value sites:
 * - *name-based*: a constant string given to something named like a secret (variable or argument
 *   default, Assign target, activity property such as `Password`, invoked-workflow argument key),
 *   or typed by Type Into into a password field;
 * - *shape-based*: any string constant that is a credential by its form (NetworkCredential with a
 *   literal password, `Password=` in a connection string, `user:pass@` URLs, literal Authorization
 *   headers, private-key blocks, cloud/SaaS token formats) wherever it appears.
 * Messages name the kind of secret and its length; they never echo the value.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { regexOption } from '../rule-options.js'
import { credentialShapeOf } from '../support/credential-shapes.js'
import {
  constantString,
  siteActivity,
  siteWhere,
  stringConstants,
  type ValueSite,
  valueSites,
} from '../support/hardcoded-values.js'

/** `in_StringPassword` → `in_string_password`, `APIKey` → `api_key`: words joined by `_`, lower case. */
function normalizeName(name: string): string {
  let normalized = NORMALIZED_NAMES.get(name)
  if (normalized === undefined) {
    normalized = name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toLowerCase()
    // Property and argument names repeat across files (Text, Value, in_Config…); bounded, since a
    // server analyses files without end.
    if (NORMALIZED_NAMES.size >= 4096) NORMALIZED_NAMES.clear()
    NORMALIZED_NAMES.set(name, normalized)
  }
  return normalized
}
const NORMALIZED_NAMES = new Map<string, string>()

/** The kind of secret a (normalized) name suggests, for messages. */
function secretKind(normalized: string): string {
  if (/(^|_)(pass|password|passwd|pwd|passphrase|passcode)(_|$)/.test(normalized)) return 'password'
  if (/token/.test(normalized)) return 'token'
  if (/key/.test(normalized)) return 'key'
  return 'secret'
}

/** String types a secret can be stored in; other types (Int32 `TokenCount`, Boolean flags) are not secrets. */
const SECRET_CARRIER_TYPES: ReadonlySet<string> = new Set([
  'System.String',
  'System.Object',
  'System.Security.SecureString',
])

/** Activities that type text into a UI element (classic and modern). */
const TYPE_INTO_TYPES: ReadonlySet<string> = new Set(['ui:TypeInto', 'uix:NTypeInto'])

const MENTIONS_NETWORK_CREDENTIAL = /NetworkCredential/i
const NEW_NETWORK_CREDENTIAL = /\bnew\s+(?:System\.Net\.)?NetworkCredential\s*\(/gi

/**
 * `new NetworkCredential(user, "literal")` (VB `New`, C# `new`, optionally `System.Net.`): true when
 * the password argument is a non-empty string constant. A password from a variable, a config lookup
 * or GetRobotCredential is fine.
 */
function literalNetworkCredential(source: string, site: ValueSite, placeholder: RegExp): boolean {
  // Every expression of the file comes here; the few that name the type are scanned.
  if (!MENTIONS_NETWORK_CREDENTIAL.test(source)) return false
  const re = NEW_NETWORK_CREDENTIAL
  re.lastIndex = 0
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    const args = splitArguments(source, m.index + m[0].length)
    const password = args[1]
    if (password === undefined) continue
    const value = constantString({ kind: 'expression', text: password, language: site.language })
    if (value !== undefined && !isPlaceholder(value, placeholder)) return true
  }
  return false
}

/** Top-level comma-separated arguments from just after `(` to the matching `)` (strings and nesting aware). */
function splitArguments(source: string, from: number): string[] {
  const args: string[] = []
  let depth = 0
  let start = from
  let inString = false
  for (let i = from; i < source.length; i++) {
    const ch = source[i]
    if (inString) {
      if (ch === '"') inString = false
      continue
    }
    if (ch === '"') inString = true
    else if (ch === '(' || ch === '[' || ch === '{') depth++
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) {
        args.push(source.slice(start, i))
        return args
      }
      depth--
    } else if (ch === ',' && depth === 0) {
      args.push(source.slice(start, i))
      start = i + 1
    }
  }
  args.push(source.slice(start))
  return args
}

function isPlaceholder(value: string, placeholder: RegExp): boolean {
  return value.trim().length === 0 || placeholder.test(value.trim())
}

export const hardcodedCredentialRule = defineRule({
  ruleId: 'FC-UIP-HCD-001',
  name: 'hardcoded-credential',
  category: 'hardcoded_value',
  severity: 'critical',
  description: 'Hardcoded credential or sensitive value detected.',
  recommendation:
    'Remove the value from the workflow and rotate it; read credentials at run time with Get Robot Credential / Get Credential (Orchestrator credential assets) or Windows Credential Manager, and keep them in SecureString.',
  mirrors: [],
  options: {
    secretNamePattern: regexOption({
      default:
        '(?:^|_)(?:pass|password|passwd|passwort|pwd|passphrase|passcode|secret|client_secret|token|access_token|refresh_token|api_key|apikey|access_key|secret_key|private_key|secure_text|secure_string|secure_password)(?:_|$)',
      description:
        'Names (of variables, arguments, Assign targets, activity properties, argument keys) that hold secrets, matched against the name split into lower-case words joined by `_` (`in_ApiKey` → `in_api_key`)',
    }),
    nonSecretNamePattern: regexOption({
      default:
        '(?:^|_)(?:name|names|asset|field|label|column|selector|path|file|folder|url|uri|endpoint|length|count|expiry|expires|expiration|prompt|message|msg|policy|hint|type|mode|id|header|title|caption|target|element|attempts|retries)(?:_|$)',
      description:
        'Names that mention a secret but hold something else (`PasswordAssetName`, `TokenUrl`, `PasswordField`, `token_type`); same word form as `secretNamePattern`',
    }),
    placeholderPattern: regexOption({
      default:
        '^(?:\\*+|x+|\\.+|#+|-+|\\?+|<[^>]*>|\\{[^}]*\\}|\\$\\{[^}]*\\}|%[^%]*%|\\[[^\\]]*\\]|todo|tbd|changeme|change[ _-]?me|placeholder|dummy|none|null|nothing|n/?a|password|secret|token|pwd)$',
      description: 'Values that are placeholders, not secrets (`***`, `<password>`, `{0}`, `%PWD%`, `TODO`)',
      flags: 'iu',
    }),
    passwordFieldPattern: regexOption({
      default: '(?:pass(?:word|wd)?|pwd|\\bpin\\b|secret|type=[\'"]?password)',
      description: 'Selector or DisplayName text that marks a Type Into target as a password field',
      flags: 'iu',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    const seen = new Set<string>()
    const report = (line: number, column: number, activity: string, message: string): void => {
      const at = `${line}:${column}`
      if (seen.has(at)) return
      seen.add(at)
      findings.push({ line, column, activity, message })
    }
    // Property and variable names repeat on every activity: decide each name once per file.
    const secretNames = new Map<string, string | undefined>()
    const secretName = (name: string | undefined): string | undefined => {
      if (name === undefined || name.length === 0) return undefined
      if (secretNames.has(name)) return secretNames.get(name)
      const n = normalizeName(name)
      const kind =
        options.secretNamePattern.test(n) && !options.nonSecretNamePattern.test(n) ? secretKind(n) : undefined
      secretNames.set(name, kind)
      return kind
    }
    const secretConstant = (site: ValueSite): string | undefined => {
      const value = constantString(site)
      return value === undefined || isPlaceholder(value, options.placeholderPattern) ? undefined : value
    }
    const masked = (value: string): string => `value masked, ${value.length} characters`

    // Selector text per activity, for Type Into password fields (one pass over the selectors).
    const selectorText = new Map<XamlNode, string>()
    for (const s of model.selectors) {
      if (s.activity !== undefined)
        selectorText.set(s.activity, `${selectorText.get(s.activity) ?? ''} ${s.text}`)
    }
    // Declared types, to ignore secret-named variables that cannot hold a secret (Int32 TokenCount).
    const variableType = new Map<XamlNode, string>()
    for (const v of model.variables) variableType.set(v.node, v.typeName)
    const argumentType = new Map<string, string>()
    for (const a of model.arguments) argumentType.set(a.name, a.typeName)
    // Assign targets (`Assign.To`), for name-based checks of the assigned value.
    const assignTarget = new Map<XamlNode, string>()
    for (const e of model.expressions) {
      if (e.property === 'To' && e.owner?.localName === 'Assign' && e.role === 'reference')
        assignTarget.set(e.owner, e.text.trim())
    }

    for (const site of valueSites(model)) {
      const owner = site.owner
      // 1. Name-based: defaults of secret-named variables and arguments.
      if (owner === undefined || owner.kind === 'variable') {
        const name =
          owner === undefined
            ? site.property.slice(site.property.lastIndexOf('.') + 1)
            : owner.attributes.get('Name')?.value
        const type = owner === undefined ? argumentType.get(name ?? '') : variableType.get(owner)
        const kind = secretName(name)
        const value = kind === undefined ? undefined : secretConstant(site)
        if (
          kind !== undefined &&
          value !== undefined &&
          (type === undefined || SECRET_CARRIER_TYPES.has(type))
        ) {
          report(
            site.line,
            site.column,
            siteActivity(site, model),
            `Hardcoded ${kind} in the ${siteWhere(site)} (${masked(value)}).`,
          )
          continue
        }
      } else if (owner.kind === 'activity') {
        // 2. Assign of a constant to a secret-named target.
        const target = site.property === 'Value' ? assignTarget.get(owner) : undefined
        const targetKind = secretName(target)
        const assigned = targetKind === undefined ? undefined : secretConstant(site)
        if (targetKind !== undefined && assigned !== undefined) {
          report(
            site.line,
            site.column,
            activityLabel(owner),
            `Hardcoded ${targetKind} assigned to "${target}" (${masked(assigned)}).`,
          )
          continue
        }
        // 3. A secret-named property or argument key given a constant (`Password="…"`, in_Password).
        const propertyKind = secretName(site.key ?? site.property)
        const propertyValue = propertyKind === undefined ? undefined : secretConstant(site)
        if (propertyKind !== undefined && propertyValue !== undefined) {
          report(
            site.line,
            site.column,
            activityLabel(owner),
            `Hardcoded ${propertyKind} in the ${siteWhere(site)} (${masked(propertyValue)}).`,
          )
          continue
        }
        // 4. Type Into a password field with a constant text.
        if (site.property === 'Text' && TYPE_INTO_TYPES.has(owner.type)) {
          const field = `${owner.displayName ?? ''} ${selectorText.get(owner) ?? ''}`
          const typed = options.passwordFieldPattern.test(field) ? secretConstant(site) : undefined
          if (typed !== undefined) {
            report(
              site.line,
              site.column,
              activityLabel(owner),
              `Hardcoded password typed into a password field (${masked(typed)}).`,
            )
            continue
          }
        }
        // An Authorization header given as a dictionary entry with a constant value.
        if (site.key !== undefined && /^(?:authorization|x-api-key|api-key)$/i.test(site.key)) {
          const header = secretConstant(site)
          if (header !== undefined) {
            report(
              site.line,
              site.column,
              activityLabel(owner),
              `Hardcoded ${site.key} header (${masked(header)}).`,
            )
            continue
          }
        }
      }
      // 5. Shape-based, on the expression source and on every string constant.
      if (
        site.kind === 'expression' &&
        literalNetworkCredential(site.text, site, options.placeholderPattern)
      ) {
        report(
          site.line,
          site.column,
          siteActivity(site, model),
          `NetworkCredential built with a literal password in the ${siteWhere(site)}.`,
        )
        continue
      }
      for (const value of stringConstants(site)) {
        const shape = credentialShapeOf(value)
        if (shape !== undefined) {
          report(
            site.line,
            site.column,
            siteActivity(site, model),
            `Hardcoded ${shape} in the ${siteWhere(site)} (value masked).`,
          )
          break
        }
      }
    }
    return findings
  },
})
