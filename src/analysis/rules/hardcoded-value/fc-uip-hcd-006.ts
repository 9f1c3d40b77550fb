/**
 * FC-UIP-HCD-006 hardcoded-timeout: a timeout property set to a constant on an activity.
 * Mirrors UiPath Workflow Analyzer ST-DBP-021. Doc: docs/rules/FC-UIP-HCD-006.md.
 *
 * `TimeoutMS="{x:Null}"` (the Studio default) and timeouts from variables or config are fine; a
 * number, a TimeSpan literal or an expression made only of numbers (`[30000]`, `[30 * 1000]`,
 * `[TimeSpan.FromSeconds(30)]`) is reported.
 */
import { defineRule, type RawFinding } from '../rule.js'
import { regexOption } from '../rule-options.js'
import { siteActivity, valueSites } from '../support/hardcoded-values.js'

/** A constant duration: number, `00:00:30`, arithmetic of numbers, or TimeSpan.FromX(number). */
const CONSTANT_DURATION =
  /^\(*\s*(?:\d+(?:\.\d+)?[DFLMdflm]?|\d{1,2}:\d{2}:\d{2}(?:\.\d+)?|(?:System\.)?TimeSpan\.From(?:Milliseconds|Seconds|Minutes|Hours)\s*\(\s*\d+(?:\.\d+)?\s*\)|new\s+(?:System\.)?TimeSpan\s*\([\d\s,]+\))(?:\s*[-+*/]\s*\(*\s*\d+(?:\.\d+)?\s*\)*)*\s*\)*$/i

export const hardcodedTimeoutRule = defineRule({
  ruleId: 'FC-UIP-HCD-006',
  name: 'hardcoded-timeout',
  category: 'hardcoded_value',
  severity: 'low',
  description: 'Hardcoded timeout value on an activity.',
  recommendation:
    'Leave the timeout empty to use the default from Project Settings, or read it from the Config file so it can be tuned per environment without republishing.',
  mirrors: ['ST-DBP-021'],
  options: {
    timeoutPropertyPattern: regexOption({
      default: '^Timeout(?:MS|Ms|InMs|InMilliseconds|Seconds|InSeconds)?$',
      description: 'Property names that hold a timeout',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    for (const site of valueSites(model)) {
      const owner = site.owner
      if (owner === undefined || owner.kind !== 'activity') continue
      if (!options.timeoutPropertyPattern.test(site.property)) continue
      const text = site.text.trim()
      if (text.length === 0 || !CONSTANT_DURATION.test(text)) continue
      findings.push({
        line: site.line,
        column: site.column,
        activity: siteActivity(site, model),
        message: `${site.property} is hardcoded to ${text} on ${owner.type}.`,
      })
    }
    return findings
  },
})
