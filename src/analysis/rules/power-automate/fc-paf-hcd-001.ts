import { defineFlowRule, type FlowRawFinding, findingAtValue } from '../../power-automate/flow-rule.js'
import { isLiteral, isRunInput, literalParts, maskSecret } from './support/flow-values.js'

/** Keys whose value is a credential (the last segment of a connector's `item/password` counts). */
const SECRET_KEY =
  /^(password|passwd|pwd|secret|client_?secret|clientsecret|api[-_]?key|x-api-key|access[-_]?token|refresh[-_]?token|bearer[-_]?token|subscription[-_]?key|ocp-apim-subscription-key|x-functions-key|shared[-_]?access[-_]?key|sas[-_]?token|private[-_]?key|connection[-_]?string|pfx)$/i
/** URL query parameters that carry a credential (SAS signatures, function keys, API keys). */
const SECRET_QUERY =
  /[?&](sig|code|key|api[-_]?key|apikey|access_token|token|client_secret|password|pwd|subscription-key)=([^&#@{}\s]{6,})/i
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]+:([^/@\s]+)@/i
const AUTH_SCHEME = /^\s*(basic|bearer)\s+(\S{8,})\s*$/i
/** A header named Authorization (or `…/authorization` in a connector's parameters). */
const AUTHORIZATION_KEY = /authorization$/i
/** Text that is a placeholder, not a value ("<password>", "{{secret}}", "xxxx"). */
const PLACEHOLDER = /^(<[^>]*>|\{\{[^}]*\}\}|x+|\*+|\.\.\.|changeme|todo|tbd|none|null|true|false)$/i

function lastKeySegment(key: string): string {
  const at = key.lastIndexOf('/')
  return at < 0 ? key : key.slice(at + 1)
}

/** What a value's key says about it: a credential field, an Authorization header. */
interface KeyKind {
  readonly secret: boolean
  readonly authorization: boolean
}
const NOT_A_KEY: KeyKind = { secret: false, authorization: false }

function keyKindOf(key: string): KeyKind {
  const segment = lastKeySegment(key)
  const secret = SECRET_KEY.test(segment)
  const authorization = AUTHORIZATION_KEY.test(segment)
  return secret || authorization ? { secret, authorization } : NOT_A_KEY
}

export const hardcodedSecretRule = defineFlowRule({
  ruleId: 'FC-PAF-HCD-001',
  name: 'hardcoded-secret',
  category: 'hardcoded_value',
  severity: 'critical',
  description: 'A credential is written into the flow as literal text.',
  recommendation:
    'Read the secret at run time from Azure Key Vault (with secure inputs and outputs) or a secure environment variable, and rotate the one that was exposed.',
  check(flow) {
    const findings: FlowRawFinding[] = []
    // What a key names, tested once per distinct key of the flow (a few keys — `method`, `uri`,
    // `body/…` — make most of the values).
    const keyKinds = new Map<string, KeyKind>()
    for (const value of flow.values) {
      if (!isRunInput(value)) continue
      // Tests 1 and 2 read typed text only: the key is looked at for literal values alone, and
      // the value's path (built on demand) only for a finding.
      const literal = isLiteral(value)
      let kind = literal ? keyKinds.get(value.key) : NOT_A_KEY
      if (kind === undefined) {
        kind = keyKindOf(value.key)
        keyKinds.set(value.key, kind)
      }
      // 1. A credential-named field whose whole value is typed text (headers, bodies, connector
      //    parameters, an HTTP action's `authentication` password or secret).
      if (kind.secret) {
        const typed = value.node.value.trim()
        if (typed.length >= 4 && !PLACEHOLDER.test(typed)) {
          const where = value.path
          findings.push(
            findingAtValue(value, `${where} is a literal credential (${maskSecret(typed)}).`, where),
          )
          continue
        }
      }
      // 2. An Authorization header with a typed Basic or Bearer credential.
      const scheme = kind.authorization ? AUTH_SCHEME.exec(value.node.value) : null
      if (scheme !== null) {
        const where = value.path
        findings.push(
          findingAtValue(
            value,
            `${where} sends a literal ${scheme[1]} credential (${maskSecret(scheme[2] ?? '')}).`,
            where,
          ),
        )
        continue
      }
      // 3. A URL with a credential in its query string or user info, in the typed part.
      if (!value.node.value.includes('://')) continue
      for (const part of literalParts(value)) {
        const query = SECRET_QUERY.exec(part)
        const userinfo = USERINFO.exec(part)
        if (query !== null && !PLACEHOLDER.test(query[2] ?? '')) {
          const where = value.path
          findings.push(
            findingAtValue(
              value,
              `${where} has a literal "${query[1]}" credential in its URL (${maskSecret(query[2] ?? '')}).`,
              `${where}#${query[1]}`,
            ),
          )
          break
        }
        if (userinfo !== null) {
          const where = value.path
          findings.push(
            findingAtValue(
              value,
              `${where} has a password in its URL (${maskSecret(userinfo[1] ?? '')}).`,
              `${where}#userinfo`,
            ),
          )
          break
        }
      }
    }
    return findings
  },
})
