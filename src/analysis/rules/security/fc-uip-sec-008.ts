/**
 * FC-UIP-SEC-008 application-or-url-restricted: the workflow automates an application or a URL that
 * the policy does not allow — one on the prohibited lists, or, when an allowed list is set, one not
 * on it. Applications come from selectors (`app='…'`) and Open Application / Use Application file
 * names; URLs from selectors (`url='…'`) and constant Url properties (Open Browser, Navigate To,
 * Use Application/Browser). Reports nothing until a pack sets the lists.
 * Mirrors UiPath Workflow Analyzer UI-SEC-010. Doc: docs/rules/FC-UIP-SEC-008.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { constantString, valueSites } from '../support/hardcoded-values.js'

/** Case-insensitive whole-value match with `*` as a wildcard. */
function matcher(patterns: readonly string[]): (value: string) => boolean {
  const regexes = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        'i',
      ),
  )
  return (value) => regexes.some((r) => r.test(value))
}

const SELECTOR_ATTRIBUTE = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(['"])([^'"]+)\\1`, 'gi')
/** Where a file name starts an application: Open Application, Start Process, Use Application's target. */
const APP_OWNERS = new Set(['OpenApplication.FileName', 'StartProcess.FileName', 'TargetApp.FilePath'])
/** Where a URL is opened: Open Browser, Navigate To, Go To URL, Use Application/Browser's target. */
const URL_OWNERS = new Set(['OpenBrowser.Url', 'NavigateTo.Url', 'NGoToUrl.Url', 'TargetApp.Url'])

export const applicationOrUrlRestrictedRule = defineRule({
  ruleId: 'FC-UIP-SEC-008',
  name: 'application-or-url-restricted',
  category: 'security',
  severity: 'medium',
  description: 'Workflow automates an application or URL that the policy does not allow.',
  recommendation:
    'Automate only the applications and sites your organisation approved for robots; if this one should be allowed, ask for it to be added to the policy pack.',
  mirrors: ['UI-SEC-010'],
  options: {
    allowedApps: stringListOption({
      default: [],
      description:
        'Executable names allowed (`*` wildcard, case-insensitive); empty = every application not prohibited.',
    }),
    prohibitedApps: stringListOption({
      default: [],
      description: 'Executable names never allowed (`*` wildcard, case-insensitive); checked first.',
    }),
    allowedUrls: stringListOption({
      default: [],
      description:
        'URL patterns allowed (`*` wildcard, e.g. `https://*.example.com/*`); empty = every URL not prohibited.',
    }),
    prohibitedUrls: stringListOption({
      default: [],
      description: 'URL patterns never allowed (`*` wildcard); checked first.',
    }),
  },
  check(model, { options }) {
    const apps = { allowed: matcher(options.allowedApps), prohibited: matcher(options.prohibitedApps) }
    const urls = { allowed: matcher(options.allowedUrls), prohibited: matcher(options.prohibitedUrls) }
    const hasApps = options.allowedApps.length + options.prohibitedApps.length > 0
    const hasUrls = options.allowedUrls.length + options.prohibitedUrls.length > 0
    if (!hasApps && !hasUrls) return []
    const findings: RawFinding[] = []
    const seen = new Set<string>()
    const judge = (
      kind: 'application' | 'URL',
      value: string,
      at: XamlNode,
      line: number,
      column: number,
    ) => {
      const lists = kind === 'application' ? apps : urls
      const allowedList = kind === 'application' ? options.allowedApps : options.allowedUrls
      let why: string | undefined
      if (lists.prohibited(value)) why = 'is prohibited'
      else if (allowedList.length > 0 && !lists.allowed(value)) why = 'is not on the allowed list'
      const key = `${at.index}|${kind}|${value.toLowerCase()}`
      if (why === undefined || seen.has(key)) return
      seen.add(key)
      findings.push({ ...findingAt(at, `The ${kind} ${value} ${why}.`), line, column })
    }
    for (const selector of model.selectors) {
      const at = selector.activity ?? selector.node
      if (hasApps)
        for (const m of selector.text.matchAll(SELECTOR_ATTRIBUTE('app')))
          judge('application', m[2] as string, at, selector.line, selector.column)
      if (hasUrls)
        for (const m of selector.text.matchAll(SELECTOR_ATTRIBUTE('url')))
          judge('URL', m[2] as string, at, selector.line, selector.column)
    }
    for (const site of valueSites(model)) {
      const owner = site.owner
      if (owner === undefined || (owner.kind !== 'activity' && owner.kind !== 'value')) continue
      const value = constantString(site)?.trim()
      if (!value) continue
      const at = owner.kind === 'activity' ? owner : (owner.parentActivity ?? owner)
      const where = `${owner.localName}.${site.property}`
      if (hasApps && APP_OWNERS.has(where)) {
        const file = value.split(/[\\/]/).pop() as string
        judge('application', file, at, site.line, site.column)
      } else if (hasUrls && URL_OWNERS.has(where)) {
        judge('URL', value, at, site.line, site.column)
      }
    }
    return findings.map((f) => ({ ...f, activity: f.node ? activityLabel(f.node) : f.activity }))
  },
})
