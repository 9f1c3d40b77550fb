/**
 * FC-UIP-REL-003 loop-without-exit: a While / Do While that cannot end — its condition is the
 * constant True, or none of the variables it reads is ever changed inside the loop — and whose body
 * has no Break, Throw, Rethrow or Terminate Workflow.
 * Related to UiPath Workflow Analyzer ST-REL-006 (which looks at Flowchart cycles instead).
 * Doc: docs/rules/FC-UIP-REL-003.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import { forEachIdentifier } from '../support/expression-identifiers.js'

const LOOP_TYPES: ReadonlySet<string> = new Set(['While', 'DoWhile'])

/** VB / C# words that are not variables (lower-cased, as the VB scanner reports them). */
const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'andalso',
  'or',
  'orelse',
  'xor',
  'not',
  'is',
  'isnot',
  'nothing',
  'true',
  'false',
  'null',
  'mod',
])

/**
 * Value types whose variables can only change by assignment (a reference-role expression). A
 * variable of any other type (DataTable, List, QueueItem…) may be mutated through a method call,
 * so any use inside the loop counts as a possible change.
 */
const VALUE_TYPES: ReadonlySet<string> = new Set([
  'System.Boolean',
  'System.Int16',
  'System.Int32',
  'System.Int64',
  'System.Double',
  'System.Decimal',
  'System.Single',
  'System.String',
  'System.DateTime',
  'System.TimeSpan',
  'System.Char',
  'System.Byte',
])

function isLoop(node: XamlNode): boolean {
  return node.namespaceUri === XAML_NS.activities && LOOP_TYPES.has(node.localName)
}

/** The activity an expression belongs to: its owner if that is an activity, else the owner's nearest activity. */
function activityOf(node: XamlNode | undefined): XamlNode | undefined {
  if (node === undefined) return undefined
  return node.kind === 'activity' ? node : node.parentActivity
}

/** `True`, `(true)`: the constant true condition. */
function isConstantTrue(text: string): boolean {
  return /^\s*\(*\s*true\s*\)*\s*$/i.test(text)
}

export const loopWithoutExitRule = defineRule({
  ruleId: 'FC-UIP-REL-003',
  name: 'loop-without-exit',
  category: 'reliability',
  severity: 'high',
  description: 'While or Do While loop that can never end.',
  recommendation:
    'Change a variable of the condition inside the loop (a counter, a retry limit, a deadline) or add a Break/Throw on an explicit exit condition; annotate loops that are meant to run until the job is stopped.',
  mirrors: ['ST-REL-006'],
  options: {
    exitActivityTypes: stringListOption({
      default: ['ui:Break', 'Throw', 'Rethrow', 'TerminateWorkflow', 'ui:TerminateWorkflow'],
      description:
        'Activity types (canonical model types) that leave a loop; a loop whose body contains one is never reported.',
    }),
  },
  check(model, { options }) {
    // One pass in document order: nearest enclosing loop of every activity (parents come first).
    const nearestLoop = new Map<XamlNode, XamlNode | undefined>()
    const loops: XamlNode[] = []
    for (const activity of model.activities) {
      const parent = activity.parentActivity
      const enclosing = parent === undefined ? undefined : isLoop(parent) ? parent : nearestLoop.get(parent)
      nearestLoop.set(activity, enclosing)
      if (isLoop(activity)) loops.push(activity)
    }
    if (loops.length === 0) return []
    const enclosingLoops = (activity: XamlNode | undefined, includeSelf: boolean): XamlNode[] => {
      const out: XamlNode[] = []
      if (activity === undefined) return out
      if (includeSelf && isLoop(activity)) out.push(activity)
      for (let l = nearestLoop.get(activity); l !== undefined; l = nearestLoop.get(l)) out.push(l)
      return out
    }

    // Loops whose body holds an exit activity (it leaves every enclosing While: conservative).
    const exitTypes = new Set(options.exitActivityTypes)
    const hasExit = new Set<XamlNode>()
    for (const activity of model.activities) {
      if (!exitTypes.has(activity.type)) continue
      for (const loop of enclosingLoops(activity, false)) hasExit.add(loop)
    }

    const vb = model.expressionLanguage === 'VisualBasic'
    const key = (name: string): string => (vb ? name.toLowerCase() : name)
    const typeOf = new Map<string, string>()
    for (const variable of model.variables)
      if (variable.name) typeOf.set(key(variable.name), variable.typeName)
    for (const argument of model.arguments)
      if (argument.name) typeOf.set(key(argument.name), argument.typeName)

    // Per loop: the names possibly changed inside its body (see VALUE_TYPES), and its condition.
    const changed = new Map<XamlNode, Set<string>>()
    const conditions = new Map<
      XamlNode,
      { text: string; language: typeof model.expressionLanguage } | 'literal-true' | 'other'
    >()
    for (const literal of model.literals) {
      if (literal.owner !== undefined && literal.property === 'Condition' && isLoop(literal.owner)) {
        conditions.set(literal.owner, isConstantTrue(literal.value) ? 'literal-true' : 'other')
      }
    }
    for (const expression of model.expressions) {
      const owner = expression.owner
      if (owner !== undefined && expression.property === 'Condition' && isLoop(owner)) {
        conditions.set(owner, { text: expression.text, language: expression.language })
        continue
      }
      const activity = activityOf(owner)
      const inLoops = enclosingLoops(activity, true)
      if (inLoops.length === 0) continue
      // An Invoke* activity may pass the variable by reference (InvokeCode, InvokeMethod, InvokeWorkflowFile).
      const byReference =
        expression.role === 'reference' || (activity?.localName.startsWith('Invoke') ?? false)
      forEachIdentifier(expression.text, expression.language, (identifier) => {
        const name = key(identifier)
        const type = typeOf.get(name)
        if (type === undefined) return
        if (!byReference && VALUE_TYPES.has(type)) return
        for (const loop of inLoops) {
          let names = changed.get(loop)
          if (names === undefined) {
            names = new Set()
            changed.set(loop, names)
          }
          names.add(name)
        }
      })
    }

    const findings: RawFinding[] = []
    for (const loop of loops) {
      if (hasExit.has(loop)) continue
      const condition = conditions.get(loop)
      if (condition === undefined || condition === 'other') continue
      if (condition === 'literal-true' || isConstantTrue(condition.text)) {
        findings.push(findingAt(loop, 'The condition is always True and the body has no Break or Throw.'))
        continue
      }
      // Only judge conditions made of known variables/arguments and operators: any other name (Now,
      // a function, a property of a static class) may change on its own.
      const names: string[] = []
      let judgeable = true
      forEachIdentifier(condition.text, condition.language, (identifier) => {
        const name = key(identifier)
        if (KEYWORDS.has(identifier.toLowerCase())) return
        if (!typeOf.has(name)) judgeable = false
        else if (!names.includes(name)) names.push(name)
      })
      if (!judgeable || names.length === 0) continue
      const inBody = changed.get(loop)
      if (names.some((name) => inBody?.has(name))) continue
      findings.push(
        findingAt(loop, `No variable of the condition (${names.join(', ')}) is changed inside the loop.`),
      )
    }
    return findings
  },
})
