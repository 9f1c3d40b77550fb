/**
 * FC-UIP-HCD-002 hardcoded-url: an http(s) URL written as a constant in an activity property,
 * variable or argument default. Doc: docs/rules/FC-UIP-HCD-002.md.
 *
 * Namespace URIs (xmlns), designer metadata and annotations never reach the model's value lists;
 * DisplayNames and names are skipped by valueSites; Comment activities are documentation, not values.
 * `BrowserURL` on a UI Automation target is the page Studio recorded the element on when it was
 * indicated: design-time information that no run opens (the browser is reached through its Use
 * Browser / Open Browser, whose Url is reported).
 */
import { defineRule, type RawFinding } from '../rule.js'
import { regexOption, stringListOption } from '../rule-options.js'
import { siteActivity, siteWhere, stringConstants, valueSites } from '../support/hardcoded-values.js'

/** An absolute http(s) URL inside a string. */
const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>`]+/gi

/** `scheme://host` of a URL, without user info, path or query (which may hold tokens). */
function urlOrigin(url: string): string {
  const m = /^(https?:\/\/)(?:[^/@?#]*@)?([^/?#]*)/i.exec(url)
  return m === null ? url : `${m[1]}${m[2]}`
}

export const hardcodedUrlRule = defineRule({
  ruleId: 'FC-UIP-HCD-002',
  name: 'hardcoded-url',
  category: 'hardcoded_value',
  severity: 'medium',
  description: 'URL literal in an activity.',
  recommendation:
    'Move the URL to the Config file (Settings sheet) or an Orchestrator asset and read it at run time, so the same package runs against test and production systems.',
  mirrors: [],
  options: {
    ignoredUrlPattern: regexOption({
      default:
        '^https?://(?:schemas\\.(?:microsoft|openxmlformats|uipath)\\.com|www\\.w3\\.org|schemas\\.xmlsoap\\.org)(?:/|$)',
      description: 'URLs that are identifiers, not endpoints (XML/XAML schema namespaces written in values)',
      flags: 'iu',
    }),
    ignoredActivityTypes: stringListOption({
      default: ['ui:Comment'],
      description: 'Activity types whose values are documentation, not configuration (canonical model types)',
    }),
    ignoredProperties: stringListOption({
      default: ['BrowserURL'],
      description:
        'Properties that record where something was designed, not where a run goes (`BrowserURL` of UI Automation targets)',
    }),
  },
  check(model, { options }) {
    const ignoredTypes = new Set(options.ignoredActivityTypes)
    const ignoredProperties = new Set(options.ignoredProperties)
    const findings: RawFinding[] = []
    for (const site of valueSites(model)) {
      if (site.owner !== undefined && ignoredTypes.has(site.owner.type)) continue
      if (ignoredProperties.has(site.property)) continue
      let url: string | undefined
      for (const value of stringConstants(site)) {
        for (const m of value.matchAll(URL_PATTERN)) {
          if (!options.ignoredUrlPattern.test(m[0])) {
            url = m[0]
            break
          }
        }
        if (url !== undefined) break
      }
      if (url === undefined) continue
      findings.push({
        line: site.line,
        column: site.column,
        activity: siteActivity(site, model),
        message: `URL ${urlOrigin(url)}… hardcoded in the ${siteWhere(site)}.`,
        value: url,
      })
    }
    return findings
  },
})
