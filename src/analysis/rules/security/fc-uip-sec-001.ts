/**
 * FC-UIP-SEC-001 password-typed-as-plain-text: a Type Into whose target is a password field
 * (`type='password'`, `name`/`id`/`aaname` like pass/pwd) and that types its `Text` property
 * instead of a SecureString. Mirrors UiPath Workflow Analyzer UX-DBP-029.
 * Doc: docs/rules/FC-UIP-SEC-001.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { regexOption, stringListOption } from '../rule-options.js'

// Selector evidence of a password input: the HTML type, or an identifying attribute whose value
// contains a password word. Quotes may be ' or " (selectors are written both ways).
const DEFAULT_PASSWORD_SELECTOR = String.raw`\btype\s*=\s*['"]password['"]|\b(?:name|id|aaname|automationid|ctrlname|ctrlid|placeholder|aria-label)\s*=\s*['"][^'"]*(?:passw|passwd|pwd|passcode|kennwort|mot\s?de\s?passe|contrase)`

/** True when the activity sets `name` to something other than nothing (`{x:Null}` or empty). */
function hasValue(node: XamlNode, name: string): boolean {
  const attribute = node.attributes.get(name)
  if (attribute !== undefined) {
    const value = attribute.value.trim()
    return value !== '' && value !== '{x:Null}'
  }
  const property = node.properties.get(name)
  return property !== undefined && (property.values.length > 0 || (property.text ?? '') !== '')
}

export const passwordTypedAsPlainTextRule = defineRule({
  ruleId: 'FC-UIP-SEC-001',
  name: 'password-typed-as-plain-text',
  category: 'security',
  severity: 'high',
  description: 'Plain text typed into a password field instead of a SecureString.',
  recommendation:
    'Use Type Secure Text (or the SecureText property of the modern Type Into) with a SecureString from Get Credential / Get Secure Credential, so the password never exists as a String.',
  mirrors: ['UX-DBP-029'],
  options: {
    activityTypes: stringListOption({
      default: ['ui:TypeInto', 'uix:NTypeInto'],
      description:
        'Typing activities to check, as canonical model types (classic `ui:TypeInto`, modern `uix:NTypeInto`).',
    }),
    passwordSelectorPattern: regexOption({
      default: DEFAULT_PASSWORD_SELECTOR,
      flags: 'iu',
      description: "Selector text that identifies a password field (`type='password'`, `name='*pwd*'` ...)",
    }),
  },
  check(model, { options }) {
    const types = new Set(options.activityTypes)
    // Selector evidence per typing activity, in one pass over the selectors.
    const passwordTargets = new Set<XamlNode>()
    for (const selector of model.selectors) {
      const activity = selector.activity
      if (activity === undefined || !types.has(activity.type) || passwordTargets.has(activity)) continue
      if (options.passwordSelectorPattern.test(selector.text)) passwordTargets.add(activity)
    }
    const findings: RawFinding[] = []
    for (const activity of passwordTargets) {
      // Modern Type Into can send SecureText instead: only the plain Text property is a problem.
      if (!hasValue(activity, 'Text')) continue
      findings.push(findingAt(activity, `${activity.type} types its Text property into a password field.`))
    }
    return findings.sort((a, b) => a.line - b.line || a.column - b.column)
  },
})
