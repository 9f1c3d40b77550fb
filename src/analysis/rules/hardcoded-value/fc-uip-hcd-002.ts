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
import { defineRule } from '../rule.js'
import { regexOption, stringListOption } from '../rule-options.js'
import { findHardcodedValues, ignoredActivityTypesOption, siteWhere } from '../support/hardcoded-values.js'

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
    ignoredActivityTypes: ignoredActivityTypesOption(['ui:Comment']),
    ignoredProperties: stringListOption({
      default: ['BrowserURL'],
      description:
        'Properties that record where something was designed, not where a run goes (`BrowserURL` of UI Automation targets)',
    }),
  },
  check(model, { options }) {
    return findHardcodedValues(
      model,
      { activityTypes: options.ignoredActivityTypes, properties: options.ignoredProperties },
      (constant) => {
        if (!constant.includes('://')) return undefined // what URL_PATTERN needs, found faster
        for (const match of constant.matchAll(URL_PATTERN)) {
          if (!options.ignoredUrlPattern.test(match[0])) return match[0]
        }
        return undefined
      },
      (url, site) => ({ message: `URL ${urlOrigin(url)}… hardcoded in the ${siteWhere(site)}.`, value: url }),
    )
  },
})
