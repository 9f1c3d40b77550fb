/**
 * Which activity packages a project's workflows use, from what the XAML itself says: the namespace
 * of every element (activities and the objects they hold), the types named in type arguments and
 * argument types, and type names in expressions. Imports (`TextExpression.NamespacesForImplementation`)
 * and assembly lists (`ReferencesForImplementation`) are not use: Studio keeps them after the last
 * activity of a package is gone. Pure; the table of packages is uipath-packages.ts.
 */
import { MAX_TYPE_REFERENCES } from '../xaml/parse-xaml.js'
import type { WorkflowModel } from '../xaml/workflow-model.js'
import { isDesignerNamespace } from '../xaml/xaml-names.js'
import { isNeutralAssembly, UIPATH_PACKAGES, UIPATH_SHARED_XMLNS } from './uipath-packages.js'

export interface PackageUse {
  /** The packages that may supply the name: one, or several that share it. */
  readonly packages: readonly string[]
  readonly path: string
  readonly line: number
  readonly column: number
  /** What the workflow names: `ui:ExcelReadRange`, `UiPath.Excel.Activities: WorkbookApplication`. */
  readonly what: string
  /**
   * `element` and `type` are read from XAML names and certain; `expression` is a word in an
   * expression that matches a package's type name, which may be something else of that name.
   */
  readonly via: 'element' | 'type' | 'expression'
}

export interface ProjectPackageUsage {
  readonly uses: readonly PackageUse[]
  /**
   * Names from UiPath namespaces or assemblies that the table cannot attribute (a `ui:` activity it
   * does not list, an unknown `UiPath.*` assembly): some package is used that the table cannot name.
   */
  readonly unknown: readonly PackageUse[]
}

const byUiName = new Map<string, string[]>()
const byXmlns = new Map<string, string[]>()
const byExpressionWord = new Map<string, string[]>()
for (const known of UIPATH_PACKAGES) {
  const add = (map: Map<string, string[]>, key: string) => {
    const list = map.get(key) ?? []
    list.push(known.name)
    map.set(key, list)
  }
  for (const name of known.uiNames) add(byUiName, name)
  for (const uri of known.xmlnsUris) add(byXmlns, uri)
  for (const name of known.typeNames) add(byExpressionWord, name)
  for (const namespace of known.expressionNamespaces) add(byExpressionWord, `${namespace}.`)
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const EXPRESSION_WORDS = new RegExp(
  `(?<![\\w.])(${[...byExpressionWord.keys()].map(escapeRegExp).join('|')})(?![\\w])`,
  'g',
)

type Attribution =
  | { readonly kind: 'neutral' }
  | { readonly kind: 'unknown'; readonly what: string }
  | { readonly kind: 'packages'; readonly packages: readonly string[]; readonly what: string }

const NEUTRAL: Attribution = { kind: 'neutral' }

/**
 * {@link attributeName}, remembered for one project (a project names the same few hundred
 * (uri, name) pairs again and again); never across projects, so hostile names cannot pile up.
 */
function rememberingAttribution(): (uri: string, localName: string) => Attribution {
  const attributions = new Map<string, Map<string, Attribution>>()
  return (uri, localName) => {
    let byName = attributions.get(uri)
    if (byName === undefined) {
      byName = new Map()
      attributions.set(uri, byName)
    }
    let known = byName.get(localName)
    if (known === undefined) {
      known = attributeName(uri, localName)
      byName.set(localName, known)
    }
    return known
  }
}

function attributeName(uri: string, localName: string): Attribution {
  if (uri.startsWith('clr-namespace:')) {
    const assembly = /;\s*assembly=([^;]+)/.exec(uri)?.[1]?.trim()
    if (assembly === undefined || isNeutralAssembly(assembly)) return NEUTRAL
    const lower = assembly.toLowerCase()
    const packages = UIPATH_PACKAGES.filter((known) =>
      known.assemblyPrefixes.some((prefix) => lower.startsWith(prefix.toLowerCase())),
    ).map((known) => known.name)
    const what = `${localName} (${assembly})`
    if (packages.length > 0) return { kind: 'packages', packages, what }
    // A custom library or generated types: not one of the table's packages. An unknown UiPath
    // assembly may well be one of theirs.
    return lower.startsWith('uipath.') ? { kind: 'unknown', what } : NEUTRAL
  }
  if (uri === UIPATH_SHARED_XMLNS) {
    const packages = byUiName.get(localName)
    return packages === undefined
      ? { kind: 'unknown', what: `ui:${localName}` }
      : { kind: 'packages', packages, what: `ui:${localName}` }
  }
  const packages = byXmlns.get(uri)
  if (packages !== undefined) return { kind: 'packages', packages, what: `${localName} (${uri})` }
  if (uri.startsWith('http://schemas.uipath.com/')) return { kind: 'unknown', what: `${localName} (${uri})` }
  return NEUTRAL
}

const usageOf = new WeakMap<object, ProjectPackageUsage>()

/**
 * Every package use in the workflows that could be read, in path order then document order.
 * Computed once per workflows list (both dependency rules read it).
 */
export function projectPackageUsage(
  workflows: ReadonlyArray<{ readonly path: string; readonly model: WorkflowModel | undefined }>,
): ProjectPackageUsage {
  let usage = usageOf.get(workflows)
  if (usage === undefined) {
    usage = collectPackageUsage(workflows)
    usageOf.set(workflows, usage)
  }
  return usage
}

function collectPackageUsage(
  workflows: ReadonlyArray<{ readonly path: string; readonly model: WorkflowModel | undefined }>,
): ProjectPackageUsage {
  const uses: PackageUse[] = []
  const unknown: PackageUse[] = []
  const attribute = rememberingAttribution()
  const record = (
    attribution: Attribution,
    path: string,
    line: number,
    column: number,
    via: PackageUse['via'],
  ) => {
    if (attribution.kind === 'neutral') return
    const packages = attribution.kind === 'packages' ? attribution.packages : []
    const use = { packages, path, line, column, what: attribution.what, via }
    if (attribution.kind === 'packages') uses.push(use)
    else unknown.push(use)
  }
  const ordered = [...workflows].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  for (const { path, model } of ordered) {
    if (model === undefined) continue
    for (const node of model.nodes) {
      if (isDesignerNamespace(node.namespaceUri)) continue
      record(attribute(node.namespaceUri, node.localName), path, node.line, node.column, 'element')
    }
    if (model.typeReferences.length >= MAX_TYPE_REFERENCES)
      unknown.push({
        packages: [],
        path,
        line: 1,
        column: 1,
        what: 'more type names than are kept',
        via: 'type',
      })
    for (const type of model.typeReferences)
      record(attribute(type.namespaceUri, type.localName), path, type.line, type.column, 'type')
    for (const expression of model.expressions) {
      for (const match of expression.text.matchAll(EXPRESSION_WORDS)) {
        const word = match[1] ?? ''
        const packages = byExpressionWord.get(word) ?? []
        uses.push({
          packages,
          path,
          line: expression.line,
          column: expression.column,
          what: word.endsWith('.') ? word.slice(0, -1) : word,
          via: 'expression',
        })
      }
    }
  }
  return { uses, unknown }
}
