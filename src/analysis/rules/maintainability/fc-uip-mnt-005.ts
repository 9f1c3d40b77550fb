/**
 * FC-UIP-MNT-005 unused-variable: a variable that no expression in its scope reads or writes.
 * Mirrors UiPath Workflow Analyzer ST-USG-009 (Unused Variables). Doc: docs/rules/FC-UIP-MNT-005.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { forEachIdentifier } from '../support/expression-identifiers.js'

export const unusedVariableRule = defineRule({
  ruleId: 'FC-UIP-MNT-005',
  name: 'unused-variable',
  category: 'maintainability',
  severity: 'low',
  description: 'Variable declared but never used.',
  recommendation:
    'Delete the variable (Studio: Remove Unused Variables), or use it where it was meant to be used.',
  mirrors: ['ST-USG-009'],
  check(model) {
    if (model.variables.length === 0) return []
    // One pass over the expressions: identifier → nodes whose expressions mention it. VB identifiers
    // are keyed lower-case (VB is case-insensitive), C# ones as written; a variable looks up both.
    const vbUses = new Map<string, Set<XamlNode>>()
    const csUses = new Map<string, Set<XamlNode>>()
    // Only variable names are ever looked up (below): other identifiers (members, types, calls) get no entry.
    const vbNames = new Set<string>()
    const csNames = new Set<string>()
    for (const variable of model.variables) {
      const name = variable.name.trim()
      vbNames.add(name.toLowerCase())
      csNames.add(name)
    }
    for (const expression of model.expressions) {
      const owner = expression.owner
      if (owner === undefined) continue
      const vb = expression.language === 'VisualBasic'
      const uses = vb ? vbUses : csUses
      const names = vb ? vbNames : csNames
      forEachIdentifier(expression.text, expression.language, (identifier) => {
        if (!names.has(identifier)) return
        const owners = uses.get(identifier)
        if (owners === undefined) uses.set(identifier, new Set([owner]))
        else owners.add(owner)
      })
    }
    // Names declared by each scope (variables, and ForEach/Catch delegate arguments, which live on
    // their ActivityAction), so that a use under an inner declaration of the same name is not
    // counted for the outer one.
    const declared = new Map<XamlNode, Set<string>>()
    const declare = (scope: XamlNode, name: string): void => {
      const names = declared.get(scope)
      if (names === undefined) declared.set(scope, new Set([name]))
      else names.add(name)
    }
    for (const variable of model.variables) {
      if (variable.scope !== undefined) declare(variable.scope, variable.name.toLowerCase())
    }
    for (const node of model.nodes) {
      if (node.kind !== 'variable' || node.localName === 'Variable' || node.parent === undefined) continue
      const name = node.attributes.get('Name')?.value
      if (name) declare(node.parent, name.toLowerCase())
    }

    /** True when `owner` sits under `scope` with no closer declaration of `lowerName` in between. */
    const inScope = (owner: XamlNode, scope: XamlNode, lowerName: string, self: XamlNode): boolean => {
      if (owner === self) return false // a variable's own Default does not use it
      for (let n: XamlNode | undefined = owner; n !== undefined; n = n.parent) {
        if (n === scope) return true
        if (n !== owner || n.kind !== 'variable') {
          if (declared.get(n)?.has(lowerName) === true) return false
        }
      }
      return false
    }

    const findings: RawFinding[] = []
    for (const variable of model.variables) {
      const name = variable.name.trim()
      const scope = variable.scope
      if (name.length === 0 || scope === undefined) continue
      const lower = name.toLowerCase()
      let used = false
      for (const owners of [vbUses.get(lower), csUses.get(name)]) {
        if (owners === undefined || used) continue
        for (const owner of owners) {
          if (inScope(owner, scope, lower, variable.node)) {
            used = true
            break
          }
        }
      }
      if (!used) {
        findings.push(findingAt(variable.node, `Variable ${name} (${variable.type}) is never used.`))
      }
    }
    return findings
  },
})
