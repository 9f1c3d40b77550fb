/**
 * One Blue Prism file → its releases and workflows (the model in blue-prism-model.ts).
 *
 * Accepted roots (the corpus README describes them): `<bpr:release>` in
 * `http://www.blueprism.co.uk/product/release`, whose `bpr:contents` hold `<process>` / `<object>`
 * wrappers (namespace …/product/process) around an inner `<process bpversion=…>`, plus
 * `<credential>` and `<environment-variable>`; or one `<process bpversion=…>` (type="object" for a
 * business object). Anything else is BLUE_PRISM_NOT_EXPORT.
 *
 * @module
 */
import { BluePrismError } from './blue-prism-error.js'
import { type BluePrismLimits, DEFAULT_BLUE_PRISM_LIMITS } from './blue-prism-limits.js'
import type {
  BluePrismModel,
  Calculation,
  DataItem,
  Page,
  Release,
  Stage,
  StageLink,
  Workflow,
} from './blue-prism-model.js'
import { child, children, childText, readXmlTree, type XmlElement } from './read-xml-tree.js'

export const RELEASE_NAMESPACE = 'http://www.blueprism.co.uk/product/release'

/** The elements whose text is the id of the next stage. */
const LINK_ELEMENTS = new Set(['onsuccess', 'ontrue', 'onfalse'])

function number(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null
  const parsed = Number(value)
  return Number.isFinite(parsed) ? parsed : null
}

/** Every link of a stage, Choice and Wait branches included (they sit under `choices`). */
function linksOf(stage: XmlElement): StageLink[] {
  const links: StageLink[] = []
  const walk = (element: XmlElement, depth: number) => {
    for (const item of element.children) {
      if (LINK_ELEMENTS.has(item.local)) {
        const target = item.text.trim()
        if (target !== '') links.push({ kind: item.local, target })
      } else if (depth < 3) walk(item, depth + 1)
    }
  }
  walk(stage, 0)
  return links
}

function dataItemOf(stage: XmlElement): DataItem {
  const initial = child(stage, 'initialvalue')
  let initialValue: string | null = null
  if (initial !== undefined) {
    const rows = children(initial, 'row')
    if (rows.length > 0) {
      // A collection's initial rows: the field values, for rules looking for literals.
      initialValue = rows
        .flatMap((row) => children(row, 'field').map((field) => field.attributes.value ?? ''))
        .filter((value) => value !== '')
        .join(' ')
    } else {
      initialValue = initial.text.trim()
    }
    if (initialValue === '') initialValue = null
  }
  return {
    dataType: childText(stage, 'datatype') ?? 'unknown',
    initialValue,
    exposure: childText(stage, 'exposure') ?? null,
    isPrivate: child(stage, 'private') !== undefined,
  }
}

function calculationsOf(stage: XmlElement): Calculation[] {
  const steps = child(stage, 'steps')
  const elements = [...children(stage, 'calculation'), ...(steps ? children(steps, 'calculation') : [])]
  return elements.map((element) => ({
    expression: element.attributes.expression ?? '',
    target: element.attributes.stage ?? '',
  }))
}

function areaOf(stage: XmlElement): Stage['area'] {
  const display = child(stage, 'display')
  const x = number(display?.attributes.x ?? childText(stage, 'displayx'))
  const y = number(display?.attributes.y ?? childText(stage, 'displayy'))
  const width = number(display?.attributes.w ?? childText(stage, 'displaywidth'))
  const height = number(display?.attributes.h ?? childText(stage, 'displayheight'))
  if (x === null || y === null || width === null || height === null) return null
  return { x, y, width, height }
}

/** Elements that say nothing about data: comments, layout, links. */
const NOT_REFERENCES = new Set([
  'narrative',
  'displayx',
  'displayy',
  'displaywidth',
  'displayheight',
  'display',
  'font',
  'loginhibit',
  'subsheetid',
  'onsuccess',
  'ontrue',
  'onfalse',
  'groupid',
  'datatype',
  'initialvalue',
  'collectioninfo',
  'private',
  'alwaysinit',
  'exposure',
  'code',
])
const NOT_REFERENCE_ATTRIBUTES = new Set(['narrative', 'type', 'name', 'stageid', 'description'])

/** Every attribute value and text under a stage that may name or read a data item. */
function referencesOf(stage: XmlElement): string[] {
  const found: string[] = []
  const walk = (element: XmlElement, depth: number) => {
    for (const item of element.children) {
      if (NOT_REFERENCES.has(item.local) || depth > 6) continue
      for (const [name, value] of Object.entries(item.attributes)) {
        if (!NOT_REFERENCE_ATTRIBUTES.has(name) && value !== '') found.push(value)
      }
      if (item.children.length === 0 && item.text.trim() !== '') found.push(item.text.trim())
      walk(item, depth + 1)
    }
  }
  walk(stage, 0)
  return found
}

function stageOf(element: XmlElement, path: string): Stage {
  const type = element.attributes.type ?? ''
  const inputs = child(element, 'inputs')
  const outputs = child(element, 'outputs')
  const exception = child(element, 'exception')
  const resource = child(element, 'resource')
  const code = child(element, 'code')
  const area = areaOf(element)
  const choices = child(element, 'choices')
  return {
    path,
    line: element.line,
    column: element.column,
    id: element.attributes.stageid ?? '',
    name: element.attributes.name ?? '',
    type,
    pageId: childText(element, 'subsheetid') || null,
    links: linksOf(element),
    data: type === 'Data' || type === 'Collection' ? dataItemOf(element) : null,
    calculations: calculationsOf(element),
    expressions: [
      ...children(element, 'decision').map((decision) => decision.attributes.expression ?? ''),
      ...(choices ? children(choices, 'choice').map((choice) => childText(choice, 'condition') ?? '') : []),
    ],
    inputs: (inputs ? children(inputs, 'input') : []).map((input) => ({
      name: input.attributes.name ?? '',
      expression: input.attributes.expr ?? '',
    })),
    outputs: (outputs ? children(outputs, 'output') : []).map((output) => ({
      name: output.attributes.name ?? '',
      target: output.attributes.stage ?? '',
    })),
    exception:
      type === 'Exception'
        ? {
            type: exception?.attributes.type ?? '',
            detail: exception?.attributes.detail ?? '',
            useCurrent: exception?.attributes.usecurrent?.toLowerCase() === 'yes',
          }
        : null,
    resource:
      resource === undefined
        ? null
        : { object: resource.attributes.object ?? '', action: resource.attributes.action ?? '' },
    calls: type === 'SubSheet' || type === 'Process' ? (childText(element, 'processid') ?? null) : null,
    code: type === 'Code' && code !== undefined ? { text: code.text, line: code.line } : null,
    wait:
      type === 'WaitStart'
        ? {
            conditions: choices ? children(choices, 'choice').length : 0,
            timeout: childText(element, 'timeout') ?? '',
          }
        : null,
    area: type === 'Block' ? area : null,
    groupId: childText(element, 'groupid') || null,
    references: referencesOf(element),
    at: area === null ? null : { x: area.x, y: area.y },
  }
}

/** A `<process bpversion=…>` element (a process, or an object with type="object"). */
function workflowOf(element: XmlElement, path: string, id: string | null): Workflow {
  const kind = element.attributes.type === 'object' ? 'object' : 'process'
  const pages: Page[] = [
    { id: null, name: kind === 'object' ? 'Initialise' : 'Main Page', type: 'Main', published: false },
    ...children(element, 'subsheet').map((subsheet) => ({
      id: subsheet.attributes.subsheetid ?? '',
      name: childText(subsheet, 'name') ?? '',
      type: subsheet.attributes.type ?? 'Normal',
      published: subsheet.attributes.published?.toLowerCase() === 'true',
    })),
  ]
  const stageElements = children(element, 'stage')
  const stages = stageElements.map((stage) => stageOf(stage, path))
  const info = stageElements.find((stage) => stage.attributes.type === 'ProcessInfo')
  return {
    path,
    line: element.line,
    column: element.column,
    kind,
    id,
    name: element.attributes.name ?? '',
    bpversion: element.attributes.bpversion ?? '',
    pages,
    stages,
    language: (info && childText(info, 'language')) || null,
  }
}

/**
 * A `<process bpversion=…>` element. On its own it has no namespace; inside a release it inherits
 * its wrapper's default namespace (…/product/process or …/product/object).
 */
function isWorkflowRoot(element: XmlElement, inRelease = false): boolean {
  return (
    element.local === 'process' &&
    (inRelease || element.uri === '') &&
    element.attributes.bpversion !== undefined
  )
}

function releaseOf(root: XmlElement, path: string): { release: Release; workflows: Workflow[] } {
  const contents = child(root, 'contents')
  const workflows: Workflow[] = []
  const environmentVariables: Array<Release['environmentVariables'][number]> = []
  const credentials: Array<Release['credentials'][number]> = []
  for (const item of contents?.children ?? []) {
    if (item.local === 'process' || item.local === 'object') {
      const inner = item.children.find((candidate) => isWorkflowRoot(candidate, true))
      if (inner !== undefined) workflows.push(workflowOf(inner, path, item.attributes.id ?? null))
    } else if (item.local === 'environment-variable') {
      environmentVariables.push({
        path,
        line: item.line,
        column: item.column,
        name: item.attributes.name ?? '',
        type: item.attributes.type ?? '',
      })
    } else if (item.local === 'credential') {
      credentials.push({ path, line: item.line, column: item.column, name: item.attributes.name ?? '' })
    }
  }
  return {
    release: {
      path,
      line: root.line,
      column: root.column,
      name: childText(root, 'name') ?? '',
      environmentVariables,
      credentials,
    },
    workflows,
  }
}

/** Reads one Blue Prism file; throws {@link BluePrismError}. */
export function readBluePrismFile(
  content: Uint8Array | string,
  path: string,
  limits: BluePrismLimits = DEFAULT_BLUE_PRISM_LIMITS,
): BluePrismModel {
  const root = readXmlTree(content, path, limits)
  if (root.local === 'release' && root.uri === RELEASE_NAMESPACE) {
    const { release, workflows } = releaseOf(root, path)
    return { releases: [release], workflows }
  }
  if (isWorkflowRoot(root)) return { releases: [], workflows: [workflowOf(root, path, null)] }
  throw new BluePrismError(
    'BLUE_PRISM_NOT_EXPORT',
    `the root element <${root.local}> is no Blue Prism release (bpr:release) nor a process or object (<process bpversion=…>)`,
    { fileName: path, line: root.line, column: root.column },
  )
}
