/**
 * Who invokes whom in a project: every InvokeWorkflowFile, its target resolved inside the project
 * and the arguments it passes (name, direction, type as written). Pure.
 *
 * Resolution follows Studio: a literal `WorkflowFileName` is relative to the project folder
 * (`Framework\InitAllSettings.xaml`); a path relative to the invoking file's folder is accepted
 * too, and names compare case-insensitively (Studio runs on Windows). A name built by an
 * expression (`[in_WorkflowFile]`) cannot be resolved statically and is reported as such.
 */
import type { WorkflowModel, XamlNode } from '../xaml/workflow-model.js'
import { projectPath } from './project-descriptor.js'

export type ArgumentPassDirection = 'In' | 'Out' | 'InOut'

/** One argument an invocation passes (`<InArgument x:TypeArguments="x:String" x:Key="in_File">`). */
export interface PassedArgument {
  readonly name: string
  readonly direction: ArgumentPassDirection
  /** `x:TypeArguments` as written in the invoking file (`x:String`, `scg:Dictionary(x:String, x:Object)`). */
  readonly type: string | undefined
  readonly line: number
  readonly column: number
}

export type InvocationTarget =
  | { readonly kind: 'resolved'; readonly path: string }
  | { readonly kind: 'missing'; readonly literal: string }
  /** A coded workflow (`.cs`, `.vb`): Flowcerta reads XAML only, so it is neither resolved nor missing. */
  | { readonly kind: 'coded'; readonly literal: string }
  | { readonly kind: 'expression'; readonly text: string }

export interface Invocation {
  /** Path (in the project) of the invoking workflow. */
  readonly from: string
  readonly activity: XamlNode
  readonly line: number
  readonly column: number
  readonly target: InvocationTarget
  readonly arguments: readonly PassedArgument[]
  /** Arguments come from an `ArgumentsVariable` dictionary: names and types are not known statically. */
  readonly argumentsFromVariable: boolean
}

const DIRECTIONS: Readonly<Record<string, ArgumentPassDirection>> = {
  InArgument: 'In',
  OutArgument: 'Out',
  InOutArgument: 'InOut',
}

/** The arguments an InvokeWorkflowFile (or Invoke Code: the same `Arguments` shape) passes, by `x:Key`. */
export function passedArguments(activity: XamlNode): PassedArgument[] {
  const holder = activity.properties.get('Arguments')
  if (holder === undefined) return []
  const out: PassedArgument[] = []
  const visit = (node: XamlNode): void => {
    const direction = DIRECTIONS[node.localName]
    const key = node.attributes.get('x:Key')?.value
    if (direction !== undefined && key !== undefined) {
      out.push({
        name: key,
        direction,
        type: node.attributes.get('x:TypeArguments')?.value,
        line: node.line,
        column: node.column,
      })
      return
    }
    // `<scg:Dictionary x:TypeArguments="x:String, Argument">` wraps the arguments in older files.
    for (const child of node.childNodes) visit(child)
  }
  for (const value of holder.values) visit(value)
  return out
}

function argumentsFromVariable(activity: XamlNode): boolean {
  const value = activity.attributes.get('ArgumentsVariable')?.value
  return value !== undefined && value !== '{x:Null}' && value.trim() !== ''
}

/** A coded workflow file (C# or VB source), which can invoke any workflow at run time. */
export function isCodedWorkflow(path: string): boolean {
  return /\.(cs|vb)$/i.test(path.trim())
}

/** Resolves a literal workflow name against the project's files (keys: lower-cased paths). */
export function resolveWorkflowPath(
  literal: string,
  fromPath: string,
  filesByLowerPath: ReadonlyMap<string, string>,
): string | undefined {
  const fromProject = projectPath(literal)
  const direct = filesByLowerPath.get(fromProject.toLowerCase())
  if (direct !== undefined) return direct
  const folder = fromPath.includes('/') ? fromPath.slice(0, fromPath.lastIndexOf('/') + 1) : ''
  if (folder === '') return undefined
  const parts: string[] = []
  for (const segment of `${folder}${fromProject}`.split('/')) {
    if (segment === '..') parts.pop()
    else parts.push(segment)
  }
  return filesByLowerPath.get(parts.join('/').toLowerCase())
}

/** Every invocation of every parsed workflow, in file then document order. */
export function buildInvocations(
  workflows: ReadonlyArray<{ readonly path: string; readonly model: WorkflowModel | undefined }>,
): Invocation[] {
  const filesByLowerPath = new Map(workflows.map((file) => [file.path.toLowerCase(), file.path]))
  const out: Invocation[] = []
  for (const { path, model } of workflows) {
    if (model === undefined) continue
    for (const invoked of model.invokedWorkflows) {
      let target: InvocationTarget
      if (invoked.fileName !== undefined && isCodedWorkflow(invoked.fileName)) {
        target = { kind: 'coded', literal: invoked.fileName }
      } else if (invoked.fileName !== undefined) {
        const resolved = resolveWorkflowPath(invoked.fileName, path, filesByLowerPath)
        target =
          resolved === undefined
            ? { kind: 'missing', literal: invoked.fileName }
            : { kind: 'resolved', path: resolved }
      } else target = { kind: 'expression', text: invoked.expression?.text ?? '' }
      out.push({
        from: path,
        activity: invoked.activity,
        line: invoked.line,
        column: invoked.column,
        target,
        arguments: passedArguments(invoked.activity),
        argumentsFromVariable: argumentsFromVariable(invoked.activity),
      })
    }
  }
  return out
}

/** Paths reachable from `roots` through resolved invocations (roots included when they exist). */
export function reachableFrom(roots: Iterable<string>, invocations: readonly Invocation[]): Set<string> {
  const edges = new Map<string, string[]>()
  for (const invocation of invocations) {
    if (invocation.target.kind !== 'resolved') continue
    const list = edges.get(invocation.from) ?? []
    list.push(invocation.target.path)
    edges.set(invocation.from, list)
  }
  const seen = new Set<string>()
  const todo = [...roots]
  while (todo.length > 0) {
    const path = todo.pop() as string
    if (seen.has(path)) continue
    seen.add(path)
    for (const next of edges.get(path) ?? []) todo.push(next)
  }
  return seen
}
