/**
 * The names a workflow's expressions can read, resolved by scope: variables belong to the activity
 * whose `Variables` declares them (the same name in two sequences is two variables), delegate
 * arguments (`ForEach` items, `Catch` exceptions) to the activity whose body declares them, and
 * workflow arguments to the whole file. Names compare case-insensitively (VB is; C# names that
 * differ only by case are rare enough in workflows not to matter here).
 *
 * @module
 */
import type { ArgumentDirection, WorkflowModel, XamlNode } from '../xaml/workflow-model.js'

export interface FlowSymbol {
  /** Dense id (index in {@link WorkflowSymbols.all}). */
  readonly id: number
  readonly name: string
  readonly kind: 'variable' | 'argument' | 'delegate'
  /** Resolved CLR type (`System.String`), '' when unknown. */
  readonly typeName: string
  /** Workflow arguments only. */
  readonly direction: ArgumentDirection | undefined
  /** The declaring node (`Variable`, `DelegateInArgument`); undefined for arguments. */
  readonly node: XamlNode | undefined
  /** The scope activity (variables, delegates); undefined for arguments. */
  readonly scope: XamlNode | undefined
  readonly line: number
  readonly column: number
}

export interface WorkflowSymbols {
  readonly all: readonly FlowSymbol[]
  /** Variables and delegate arguments by their scope activity. */
  readonly declaredIn: ReadonlyMap<XamlNode, readonly FlowSymbol[]>
  /** The symbol `name` means at `node`, or undefined (a function, a type, a namespace…). */
  resolve(name: string, node: XamlNode | undefined): FlowSymbol | undefined
}

/** No names (a skipped analysis). */
export const EMPTY_SYMBOLS: WorkflowSymbols = Object.freeze({
  all: [],
  declaredIn: new Map(),
  resolve: () => undefined,
})

export function buildWorkflowSymbols(model: WorkflowModel): WorkflowSymbols {
  const all: FlowSymbol[] = []
  const byScope = new Map<XamlNode, Map<string, FlowSymbol>>()
  const declaredIn = new Map<XamlNode, FlowSymbol[]>()
  const argumentsByName = new Map<string, FlowSymbol>()
  const declare = (scope: XamlNode, symbol: FlowSymbol): void => {
    let names = byScope.get(scope)
    if (names === undefined) {
      names = new Map()
      byScope.set(scope, names)
    }
    names.set(symbol.name.toLowerCase(), symbol)
    const list = declaredIn.get(scope)
    if (list === undefined) declaredIn.set(scope, [symbol])
    else list.push(symbol)
  }
  for (const argument of model.arguments) {
    if (argument.name === '') continue
    const symbol: FlowSymbol = {
      id: all.length,
      name: argument.name,
      kind: 'argument',
      typeName: argument.typeName,
      direction: argument.direction,
      node: undefined,
      scope: undefined,
      line: argument.line,
      column: argument.column,
    }
    all.push(symbol)
    argumentsByName.set(argument.name.toLowerCase(), symbol)
  }
  for (const variable of model.variables) {
    if (variable.name === '' || variable.scope === undefined) continue
    const symbol: FlowSymbol = {
      id: all.length,
      name: variable.name,
      kind: 'variable',
      typeName: variable.typeName,
      direction: undefined,
      node: variable.node,
      scope: variable.scope,
      line: variable.line,
      column: variable.column,
    }
    all.push(symbol)
    declare(variable.scope, symbol)
  }
  for (const node of model.nodes) {
    if (node.localName !== 'DelegateInArgument' && node.localName !== 'DelegateOutArgument') continue
    const name = node.attributes.get('Name')?.value
    const scope = node.parentActivity
    if (name === undefined || name === '' || scope === undefined) continue
    const symbol: FlowSymbol = {
      id: all.length,
      name,
      kind: 'delegate',
      typeName: '',
      direction: undefined,
      node,
      scope,
      line: node.line,
      column: node.column,
    }
    all.push(symbol)
    declare(scope, symbol)
  }
  return {
    all,
    declaredIn,
    resolve(name, node) {
      const key = name.toLowerCase()
      for (let current = node; current !== undefined; current = current.parent) {
        const found = byScope.get(current)?.get(key)
        if (found !== undefined) return found
      }
      return argumentsByName.get(key)
    },
  }
}
