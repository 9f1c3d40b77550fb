/**
 * FC-UIP-NMG-004 variable-shadows-name: a variable has the same name (case-insensitive) as a
 * variable of an enclosing scope or as a workflow argument, so the outer one is hidden inside it.
 * Mirrors UiPath Workflow Analyzer ST-NMG-005 and ST-NMG-006. Doc: docs/rules/FC-UIP-NMG-004.md.
 */
import type { XamlNode, XamlVariable } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, type RawFinding } from '../rule.js'

/**
 * VB (Studio's default language) resolves names case-insensitively, so `config` hides `Config`;
 * in C# they are distinct names but still indistinguishable to a reader, so the rule treats both
 * languages alike.
 */
function key(name: string): string {
  return name.toLowerCase()
}

export const variableShadowsNameRule = defineRule({
  ruleId: 'FC-UIP-NMG-004',
  name: 'variable-shadows-name',
  category: 'naming',
  severity: 'medium',
  description: 'Variable has the same name as a variable of an enclosing scope or as an argument.',
  recommendation:
    'Rename the inner variable (or remove it and use the outer one): inside its scope every read and write goes to the inner variable, and the argument or outer variable silently keeps its old value.',
  mirrors: ['ST-NMG-005', 'ST-NMG-006'],
  check(model) {
    const argumentNames = new Map<string, string>()
    for (const argument of model.arguments) {
      if (argument.name !== '') argumentNames.set(key(argument.name), argument.name)
    }
    // One map per scope, built in one pass, so each variable only looks up its ancestors' maps.
    const byScope = new Map<XamlNode, Map<string, XamlVariable>>()
    for (const variable of model.variables) {
      if (variable.scope === undefined || variable.name === '') continue
      let names = byScope.get(variable.scope)
      if (names === undefined) {
        names = new Map()
        byScope.set(variable.scope, names)
      }
      if (!names.has(key(variable.name))) names.set(key(variable.name), variable)
    }
    const findings: RawFinding[] = []
    for (const variable of model.variables) {
      if (variable.name === '') continue
      const name = key(variable.name)
      const at = {
        line: variable.line,
        column: variable.column,
        activity: variable.scope ? activityLabel(variable.scope) : variable.node.type,
      }
      const argument = argumentNames.get(name)
      if (argument !== undefined) {
        findings.push({ ...at, message: `Variable "${variable.name}" hides argument "${argument}".` })
        continue
      }
      for (let scope = variable.scope?.parentActivity; scope !== undefined; scope = scope.parentActivity) {
        const outer = byScope.get(scope)?.get(name)
        if (outer === undefined) continue
        findings.push({
          ...at,
          message: `Variable "${variable.name}" hides variable "${outer.name}" of "${activityLabel(scope)}" (line ${outer.line}).`,
        })
        break
      }
    }
    return findings
  },
})
