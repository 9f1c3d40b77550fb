/**
 * FC-UIP-ERR-003 continue-on-error-true: a UI automation activity with ContinueOnError set to True
 * (literally, or as the constant expression `[True]`), which silently ignores its failures — and,
 * on a scope activity, the failures of everything inside. Mirrors UiPath Workflow Analyzer
 * UI-ANA-017. Doc: docs/rules/FC-UIP-ERR-003.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { XAML_NS } from '../../xaml/xaml-names.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { booleanOption, stringListOption } from '../rule-options.js'

// `True`, `[True]`, `[true]` (C#) — a value fixed at design time. `[someFlag]` is a decision made at run time.
const CONSTANT_TRUE = /^\s*(?:\[\s*)?true(?:\s*\])?\s*$/i

export const continueOnErrorTrueRule = defineRule({
  ruleId: 'FC-UIP-ERR-003',
  name: 'continue-on-error-true',
  category: 'error_handling',
  severity: 'medium',
  description: 'ContinueOnError is set to True, so failures of the activity are silently ignored.',
  recommendation:
    'Set ContinueOnError to False and handle the expected failure explicitly: an Element Exists / Check App State before the action, or a Try Catch that logs it.',
  mirrors: ['UI-ANA-017'],
  options: {
    uiActivitiesOnly: booleanOption({
      default: true,
      description:
        'Report only UI automation activities (modern `uix:` activities, activities with a target or selector, and `uiScopeTypes`), as UI-ANA-017 does; false reports every activity.',
    }),
    uiScopeTypes: stringListOption({
      default: [
        'ui:OpenBrowser',
        'ui:AttachBrowser',
        'ui:AttachWindow',
        'ui:OpenApplication',
        'ui:ElementScope',
        'ui:BrowserScope',
        'ui:WindowScope',
      ],
      description:
        'UI automation scopes and launchers that count as UI activities even without a selector of their own.',
    }),
  },
  check(model, { options }) {
    const scopes = new Set(options.uiScopeTypes)
    // Activities that own a selector, in one pass (classic Target, modern TargetAnchorable, Selector attribute).
    const withSelector = new Set<XamlNode>()
    for (const selector of model.selectors) if (selector.activity) withSelector.add(selector.activity)
    const isUiActivity = (activity: XamlNode): boolean =>
      activity.namespaceUri === XAML_NS.uix ||
      scopes.has(activity.type) ||
      withSelector.has(activity) ||
      activity.properties.has('Target')

    const findings: RawFinding[] = []
    for (const activity of model.activities) {
      const value = activity.attributes.get('ContinueOnError')?.value
      if (value === undefined || !CONSTANT_TRUE.test(value)) continue
      if (options.uiActivitiesOnly && !isUiActivity(activity)) continue
      findings.push(findingAt(activity, `${activity.type} has ContinueOnError="${value.trim()}".`))
    }
    return findings
  },
})
