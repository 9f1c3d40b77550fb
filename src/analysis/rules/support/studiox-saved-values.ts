/**
 * StudioX "saved for later" values, for FC-UIP-PRJ-012 (ST-USG-024) and FC-UIP-PRJ-013
 * (ST-USG-025). Not a rule: it lives in support/ so the catalogue test ignores it.
 *
 * StudioX (project.json `designOptions.projectProfile` `Business`) hides variables: an output the
 * user marks "Save for Later Use" becomes a variable of the workflow, which later activities pick
 * from the plus menu ("Use Saved Value"). From UiPath.System.Activities 22.4 StudioX shows them as
 * plain variables and UiPath retires both rules; before that every variable of a StudioX workflow
 * is a saved value. So: which projects the rules judge ({@link judgesSavedValues}) and, per
 * workflow, each variable's mentions sorted into writes, reads and mentions that could be either
 * ({@link savedValueMentions}).
 *
 * A mention is classified without knowing the activity's property directions (no assemblies):
 * - write: an l-value form (`OutArgument`, `VisualBasicReference`, `CSharpReference`) or the `To`
 *   of an Assign / Multiple Assign, except an `InOutArgument` (it reads the value too: either);
 * - read: an r-value form that cannot be an output binding: `InArgument` text, `VisualBasicValue` /
 *   `CSharpValue` elements, or any expression that is more than a bare name (`x + 1`, `x.Trim()`);
 * - either: an attribute or a property element's text holding only the name (`Result="[x]"` and
 *   `<ExcelReadRange.DataTable>[dt]</…>` save, `Text="[x]"` reads).
 * Rules read "either" in the way that reports nothing.
 *
 * @module
 */
import type { ProjectModel } from '../../project/project-model.js'
import type { WorkflowModel, XamlExpression, XamlNode, XamlVariable } from '../../xaml/workflow-model.js'
import { booleanOption } from '../rule-options.js'
import { forEachIdentifier } from './expression-identifiers.js'

/** UiPath's rules apply to StudioX projects on UiPath.System.Activities 20.4 up to (not) 22.4. */
const FIRST_VERSION = [20, 4] as const
const RETIRED_IN = [22, 4] as const

function versionBelow(version: readonly number[], bound: readonly number[]): boolean {
  for (let i = 0; i < bound.length; i++) {
    const a = version[i] ?? 0
    const b = bound[i] ?? 0
    if (a !== b) return a < b
  }
  return false
}

/**
 * True for a StudioX project (`projectProfile` `Business`) whose UiPath.System.Activities is at
 * least 20.4 and below 22.4, as UiPath's rules say; `anyProject` judges every project (a pack that
 * wants the check on Studio projects too).
 */
export function judgesSavedValues(project: ProjectModel, anyProject: boolean): boolean {
  if (anyProject) return true
  const descriptor = project.descriptor
  if (descriptor?.projectProfile?.toLowerCase() !== 'business') return false
  const system = descriptor.dependencies.find((d) => d.name.toLowerCase() === 'uipath.system.activities')
  const version = system?.minimumVersion?.split('.').map((part) => Number.parseInt(part, 10))
  if (version === undefined || version.some(Number.isNaN)) return false
  return !versionBelow(version, FIRST_VERSION) && versionBelow(version, RETIRED_IN)
}

/** The option both rules take to judge every project, not only StudioX ones. */
export function anyProjectOption() {
  return booleanOption({
    default: false,
    description:
      'Check every project; by default only StudioX projects (projectProfile Business) on UiPath.System.Activities 20.4 to 22.3, as UiPath does.',
  })
}

export type MentionKind = 'write' | 'read' | 'either'

export interface Mention {
  readonly kind: MentionKind
  /** The activity whose property holds the expression. */
  readonly activity: XamlNode
  readonly expression: XamlExpression
}

const BARE_NAME = /^\s*[A-Za-z_]\w*\s*$/

function mentionKind(expression: XamlExpression, owner: XamlNode): MentionKind {
  // An In/Out argument of an invoked workflow both hands the value over and takes it back.
  const wrapper = expression.form === 'element' ? expression.node.parent : expression.node
  if (wrapper?.localName === 'InOutArgument') return 'either'
  if (expression.role === 'reference') return 'write'
  if (expression.property === 'To' && /^(Assign|AssignOperation)$/.test(owner.localName)) return 'write'
  if (!BARE_NAME.test(expression.text)) return 'read'
  // A bare name read for sure: an InArgument's text or a VisualBasicValue / CSharpValue element.
  if (expression.form === 'element' || expression.node.localName === 'InArgument') return 'read'
  // An attribute or a property element's text (`<ExcelReadRange.DataTable>[dt]</…>` saves).
  return 'either'
}

/** The activity an expression belongs to (an AssignOperation's Multiple Assign, for order). */
function activityOf(node: XamlNode): XamlNode | undefined {
  for (let n: XamlNode | undefined = node; n !== undefined; n = n.parent) if (n.kind === 'activity') return n
  return undefined
}

/**
 * Each variable of the workflow with its mentions, in document order. A mention under an inner
 * declaration of the same name belongs to that one (names compared as the expression's language
 * does: VB without case).
 */
export function savedValueMentions(model: WorkflowModel): Map<XamlVariable, Mention[]> {
  const result = new Map<XamlVariable, Mention[]>()
  if (model.variables.length === 0) return result
  const byScope = new Map<XamlNode, XamlVariable[]>()
  for (const variable of model.variables) {
    result.set(variable, [])
    if (variable.scope === undefined) continue
    const list = byScope.get(variable.scope)
    if (list === undefined) byScope.set(variable.scope, [variable])
    else list.push(variable)
  }
  for (const expression of model.expressions) {
    const owner = expression.owner
    if (owner === undefined || owner.kind === 'variable') continue // a Default is not a use
    const activity = activityOf(owner)
    if (activity === undefined) continue
    const vb = expression.language === 'VisualBasic'
    const seen = new Set<XamlVariable>()
    forEachIdentifier(expression.text, expression.language, (identifier) => {
      // The nearest scope that declares the name is the variable meant.
      for (let n: XamlNode | undefined = owner; n !== undefined; n = n.parent) {
        const variable = byScope
          .get(n)
          ?.find((v) => (vb ? v.name.toLowerCase() === identifier : v.name === identifier))
        if (variable === undefined) continue
        if (!seen.has(variable)) {
          seen.add(variable)
          result.get(variable)?.push({ kind: mentionKind(expression, owner), activity, expression })
        }
        return
      }
    })
  }
  return result
}

/** Containers that run a body again (a later activity's value reaches an earlier one next time). */
const REPEATING = /ForEach|While|Loop|Retry|Repeat/i
/** Containers whose children do not run in document order. */
const UNORDERED = new Set(['Flowchart', 'StateMachine', 'Parallel', 'Pick'])

/**
 * True when `earlier` runs before `later` every time, as far as the tree tells: `earlier` comes
 * first in document order, no loop holds both, and neither sits in a container whose children run
 * in another order.
 */
export function runsBefore(earlier: XamlNode, later: XamlNode): boolean {
  if (earlier === later || earlier.index >= later.index) return false
  const chain = (node: XamlNode): XamlNode[] => {
    const nodes: XamlNode[] = []
    for (let n = node.parent; n !== undefined; n = n.parent) nodes.push(n)
    return nodes
  }
  const laterChain = new Set(chain(later))
  if (laterChain.has(earlier)) return false // a container and its own content
  for (const ancestor of chain(earlier)) {
    if (UNORDERED.has(ancestor.localName)) return false
    if (laterChain.has(ancestor) && REPEATING.test(ancestor.localName)) return false
  }
  for (const ancestor of laterChain) if (UNORDERED.has(ancestor.localName)) return false
  return true
}
