/**
 * Where the cloud flows of a Power Automate submission are, told by content, not by names alone:
 * - a **solution** (a solution `.zip` as exported, or the tree Solution Packager unpacks) has a
 *   `solution.xml` whose root is `<ImportExportXml>` (`Other/Solution.xml` when unpacked); its
 *   flows are the JSON files under `Workflows/` beside it;
 * - a legacy **package** (`.zip` from "Export → Package (.zip)") has a `manifest.json` whose
 *   `resources` list a `Microsoft.Flow/flows` resource; its flows are
 *   `Microsoft.Flow/flows/<guid>/definition.json`;
 * - anything else: every JSON file that holds a workflow definition (see read-flow.ts).
 * In all three a JSON file counts as a flow only when its content is one (`locateDefinition`): the
 * package's `apisMap.json`, a solution's `manifest.json`, env-var definitions are not flows.
 * A solution's `Workflows/` may also hold classic Dataverse workflows (`.xaml`, Workflow
 * Foundation, not UiPath): they are skipped and listed, never analysed.
 *
 * Pure: takes the paths and contents the input layer read (src/input/read-power-automate-*.ts);
 * the analyzer (power-automate-analyzer.ts) plans every submission with it.
 *
 * @module
 */
import { isFlowError } from './flow-error.js'
import { type JsonNode, readJsonDocument } from './json-document.js'
import { locateDefinition } from './read-flow.js'

export interface SubmittedFile {
  /** `/`-separated path inside the submission. */
  readonly path: string
  readonly content: Uint8Array
}

export type PowerAutomateSubmissionKind = 'solution' | 'package' | 'flows'

export interface PowerAutomateFlowSource {
  /** Path inside the solution or package root (`Workflows/Approve-….json`). */
  readonly path: string
  readonly content: Uint8Array
  /** The workflow id a solution names the file with (`<Name>-<GUID>.json`), lower case; else undefined. */
  readonly workflowId: string | undefined
  /** The parsed JSON when telling it apart already read it (loose files): not parsed twice. */
  readonly document?: JsonNode | undefined
}

export interface PowerAutomateSubmission {
  readonly kind: PowerAutomateSubmissionKind
  /** Where the solution or package root was inside the submission ('' = its top; else ends in `/`). */
  readonly root: string
  /** The solution's unique name (`<UniqueName>` in solution.xml) when it says. */
  readonly solutionName: string | undefined
  /** The solution's version (`<Version>` in solution.xml) when it says. */
  readonly solutionVersion: string | undefined
  readonly flows: readonly PowerAutomateFlowSource[]
  /** Files left out on purpose and why (classic workflows, JSON that is not a flow). */
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly reason: string }>
}

/** Paths worth reading to plan a submission: JSON files and the solution / customizations XML. */
export function isPowerAutomateCandidate(path: string): boolean {
  return /\.json$/i.test(path) || /(^|\/)(solution|customizations)\.xml$/i.test(path)
}

const SOLUTION_ROOT = /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<ImportExportXml[\s>]/
const UNIQUE_NAME = /<UniqueName>([^<]{1,200})<\/UniqueName>/
const VERSION = /<Version>([^<]{1,50})<\/Version>/
const WORKFLOW_FILE = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/i
const utf8 = new TextDecoder('utf-8', { fatal: false })

function text(content: Uint8Array): string {
  // Only the head of an XML file is looked at (its root element, the solution's name).
  return utf8.decode(content.subarray(0, 64 * 1024)).replace(/^\uFEFF/, '')
}

function parent(path: string): string {
  const at = path.lastIndexOf('/')
  return at < 0 ? '' : path.slice(0, at + 1)
}

/** The solution's root: the folder of `solution.xml`, or of `Other/` for `Other/Solution.xml`. */
function solutionRoot(
  files: readonly SubmittedFile[],
): { root: string; name: string | undefined; version: string | undefined } | undefined {
  const found = files
    .filter((file) => /(^|\/)solution\.xml$/i.test(file.path) && SOLUTION_ROOT.test(text(file.content)))
    .map((file) => {
      let root = parent(file.path)
      if (/(^|\/)Other\/$/i.test(root)) root = root.slice(0, root.length - 'Other/'.length)
      const head = text(file.content)
      return { root, name: UNIQUE_NAME.exec(head)?.[1]?.trim(), version: VERSION.exec(head)?.[1]?.trim() }
    })
    .sort((a, b) => a.root.split('/').length - b.root.split('/').length)
  return found[0]
}

/** A package's `manifest.json` lists a `Microsoft.Flow/flows` resource. */
function isPackageManifest(file: SubmittedFile): boolean {
  if (!/(^|\/)manifest\.json$/i.test(file.path)) return false
  try {
    const resources = readJsonDocument(file.content, file.path)
    const list = resources.kind === 'object' ? resources.get('resources') : undefined
    if (list?.kind !== 'object') return false
    for (const resource of list.values) {
      const type = resource.kind === 'object' ? resource.get('type') : undefined
      if (type?.kind === 'string' && type.value === 'Microsoft.Flow/flows') return true
    }
    return false
  } catch {
    return false
  }
}

/**
 * Decides what the submission is and which of its files are flows. Files that fail to parse as
 * JSON where a flow is expected are still listed as flows (the analyzer reports their error);
 * elsewhere they are skipped with the reason.
 */
export function planPowerAutomateSubmission(files: readonly SubmittedFile[]): PowerAutomateSubmission {
  const solution = solutionRoot(files)
  const manifest =
    solution === undefined
      ? files.filter(isPackageManifest).sort((a, b) => a.path.length - b.path.length)[0]
      : undefined
  const kind: PowerAutomateSubmissionKind =
    solution !== undefined ? 'solution' : manifest !== undefined ? 'package' : 'flows'
  const root = solution?.root ?? (manifest === undefined ? '' : parent(manifest.path))
  const flows: PowerAutomateFlowSource[] = []
  const skipped: Array<{ path: string; reason: string }> = []
  for (const file of files) {
    if (!file.path.startsWith(root)) {
      skipped.push({ path: file.path, reason: `outside the ${kind} root ${root}` })
      continue
    }
    const path = file.path.slice(root.length)
    const inWorkflows = /^Workflows\/[^/]+$/i.test(path)
    const expectedFlow =
      (kind === 'solution' && inWorkflows && /\.json$/i.test(path)) ||
      (kind === 'package' && /^Microsoft\.Flow\/flows\/[^/]+\/definition\.json$/i.test(path))
    if (!/\.json$/i.test(path)) continue
    let isFlow = expectedFlow
    let document: JsonNode | undefined
    if (!expectedFlow) {
      try {
        document = readJsonDocument(file.content, path)
        isFlow = locateDefinition(document) !== undefined
      } catch (error) {
        if (!isFlowError(error)) throw error
        // One JSON uploaded alone is meant as a flow: the analyzer reads it again and reports its
        // own error (FLOW_JSON_DUPLICATE_KEY, FLOW_TOO_DEEP…), which says more than "not a flow".
        if (files.length > 1) {
          skipped.push({ path, reason: `not read as a flow (${error.code}: ${error.message})` })
          continue
        }
        isFlow = true
      }
    }
    if (!isFlow) {
      skipped.push({ path, reason: 'JSON that is not a flow definition' })
      continue
    }
    flows.push({
      path,
      content: file.content,
      workflowId: WORKFLOW_FILE.exec(path)?.[1]?.toLowerCase(),
      document,
    })
  }
  return { kind, root, solutionName: solution?.name, solutionVersion: solution?.version, flows, skipped }
}
