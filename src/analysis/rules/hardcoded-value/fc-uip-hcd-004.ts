/**
 * FC-UIP-HCD-004 hardcoded-email-address: an e-mail address written as a constant (a recipient,
 * a login, a selector attribute). Doc: docs/rules/FC-UIP-HCD-004.md.
 */
import { defineRule } from '../rule.js'
import { regexOption } from '../rule-options.js'
import { findHardcodedValues, ignoredActivityTypesOption, siteWhere } from '../support/hardcoded-values.js'

/**
 * `local@domain.tld`: the local part must not follow a word character (`a@b` inside a longer
 * token), the domain has at least one dot and an alphabetic top-level label of 2–24 letters.
 */
const EMAIL_PATTERN =
  /(?<![\w.%+-])[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+([A-Za-z]{2,24}))(?![\w-])/g

/** File extensions that look like top-level domains in names such as `logo@2x.png`. */
const FILE_EXTENSIONS: ReadonlySet<string> = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'bmp',
  'svg',
  'txt',
  'csv',
  'xlsx',
  'xls',
  'xlsm',
  'docx',
  'doc',
  'pdf',
  'xaml',
  'json',
  'xml',
  'exe',
  'dll',
  'zip',
  'html',
  'htm',
  'js',
  'ps1',
  'py',
  'msg',
  'eml',
])

/** `john.doe@acme.com` → `j***@acme.com`: addresses are personal data, findings must not spread them. */
function maskEmail(address: string): string {
  const at = address.indexOf('@')
  return `${address.slice(0, 1)}***${address.slice(at)}`
}

export const hardcodedEmailRule = defineRule({
  ruleId: 'FC-UIP-HCD-004',
  name: 'hardcoded-email-address',
  category: 'hardcoded_value',
  severity: 'medium',
  description: 'Email address literal in an activity.',
  recommendation:
    'Read recipients and account names from the Config file or an Orchestrator asset; in selectors, replace the address with a variable or a wildcard.',
  mirrors: ['UI-SEC-004'],
  options: {
    ignoredDomainPattern: regexOption({
      default: '^(?:example\\.(?:com|org|net)|[\\w.-]+\\.(?:example|test|invalid|localhost))$',
      description: 'Domains of addresses that are documentation placeholders (RFC 2606 names by default)',
      flags: 'iu',
    }),
    ignoredActivityTypes: ignoredActivityTypesOption(['ui:Comment']),
  },
  check(model, { options }) {
    return findHardcodedValues(
      model,
      { activityTypes: options.ignoredActivityTypes },
      (constant) => {
        if (!constant.includes('@')) return undefined // what EMAIL_PATTERN needs, found faster
        for (const match of constant.matchAll(EMAIL_PATTERN)) {
          const domain = match[1] ?? ''
          const topLevelDomain = (match[2] ?? '').toLowerCase()
          if (FILE_EXTENSIONS.has(topLevelDomain) || options.ignoredDomainPattern.test(domain)) continue
          return match[0]
        }
        return undefined
      },
      (address, site) => ({
        message: `Email address ${maskEmail(address)} hardcoded in the ${siteWhere(site)}.`,
      }),
    )
  },
})
