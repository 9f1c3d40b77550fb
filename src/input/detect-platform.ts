/**
 * Which platform a submission is, by its content: the one table of shapes Flowcerta accepts.
 *
 * A single file (not a zip), by what it holds (sniff-file-head.ts):
 * - `<bpr:release>` (namespace `http://www.blueprism.co.uk/product/release`) → Blue Prism release;
 * - `<process bpversion=…>` → Blue Prism process, or object when `type="object"`;
 * - JSON holding a workflow definition (`properties.definition` or `definition` with `triggers` or
 *   `actions`, or a definition itself) → one Power Automate flow;
 * - otherwise the name decides, so a broken file still gets its own platform's error: `.xaml` →
 *   UiPath (as before this table existed), `.json` → Power Automate, `.bprelease` / `.bpprocess` /
 *   `.bpobject` → Blue Prism; anything else is no platform (UNSUPPORTED_PLATFORM).
 *
 * A zip is told by its files' content as a folder is (platforms-of-files.ts,
 * `detectArchiveContentPlatform`); the paths inside it (the archive's own structure) give a
 * solution's or package's shape, and decide alone when no file names a platform:
 * - `solution.xml` + `customizations.xml` (or + `Workflows/*.json`, an unpacked tree) → Power
 *   Automate solution; `manifest.json` +
 *   `Microsoft.Flow/flows/<id>/definition.json` → Power Automate legacy package (checked first: a
 *   solution's `Workflows/` may hold classic Dataverse `.xaml`);
 * - a `project.json`, a top-level `.nuspec` or any `.xaml` → UiPath project;
 * - a `.bprelease`, `.bpprocess`, `.bpobject` or `.xml` → Blue Prism exports (the reader keeps
 *   only the XML whose root is a Blue Prism export, and lists the others as skipped);
 * - any `.json` → loose Power Automate flows (the analyzer keeps the JSON that is a flow);
 * - otherwise UiPath (whose reader answers ARCHIVE_NO_WORKFLOWS, as before).
 *
 * @module
 */
import type { Platform } from '../domain/platforms.js'
import type { FileHead } from './sniff-file-head.js'

/** Every shape of submission, by platform. */
export const SUBMISSION_SHAPES = Object.freeze({
  uipath: ['workflow', 'project-archive'],
  'power-automate': ['solution-archive', 'package-archive', 'flows-archive', 'flow'],
  'blue-prism': ['release', 'process', 'object', 'archive'],
} as const)

export type SubmissionShape = (typeof SUBMISSION_SHAPES)[Platform][number]

export interface DetectedPlatform {
  readonly platform: Platform
  readonly shape: SubmissionShape
}

export const BLUE_PRISM_RELEASE_NAMESPACE = 'http://www.blueprism.co.uk/product/release'

const BLUE_PRISM_EXTENSIONS = /\.(bprelease|bpprocess|bpobject)$/i

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A Logic Apps / Power Automate workflow definition: an object with `triggers` or `actions`. */
function isWorkflowDefinition(value: unknown): boolean {
  return isRecord(value) && (isRecord(value.triggers) || isRecord(value.actions))
}

/** The Blue Prism shape of an XML root, if it is one. */
export function bluePrismShapeOfRoot(root: {
  readonly local: string
  readonly uri: string
  readonly attributes: Readonly<Record<string, string>>
}): 'release' | 'process' | 'object' | undefined {
  if (root.local === 'release' && root.uri === BLUE_PRISM_RELEASE_NAMESPACE) return 'release'
  if (root.local === 'process' && root.uri === '' && root.attributes.bpversion !== undefined) {
    return root.attributes.type === 'object' ? 'object' : 'process'
  }
  return undefined
}

/** The platform of one (non-zip) file, or undefined (UNSUPPORTED_PLATFORM). */
export function detectFilePlatform(head: FileHead, fileName: string): DetectedPlatform | undefined {
  if (head.kind === 'xml') {
    const shape = bluePrismShapeOfRoot(head.root)
    if (shape !== undefined) return { platform: 'blue-prism', shape }
  }
  if (head.kind === 'json') {
    const value = head.value
    if (
      isRecord(value) &&
      (isWorkflowDefinition(value) ||
        isWorkflowDefinition(value.definition) ||
        (isRecord(value.properties) && isWorkflowDefinition(value.properties.definition)))
    ) {
      return { platform: 'power-automate', shape: 'flow' }
    }
  }
  const name = fileName.toLowerCase()
  if (name.endsWith('.xaml')) return { platform: 'uipath', shape: 'workflow' }
  if (name.endsWith('.json')) return { platform: 'power-automate', shape: 'flow' }
  if (BLUE_PRISM_EXTENSIONS.test(name)) {
    return { platform: 'blue-prism', shape: name.endsWith('.bprelease') ? 'release' : 'process' }
  }
  return undefined
}

/** The platform of a zip, from the paths of its entries (see the module doc). */
export function detectArchivePlatform(paths: readonly string[]): DetectedPlatform {
  const lower = paths.map((path) => path.toLowerCase())
  const baseNames = new Set(lower.map((path) => path.slice(path.lastIndexOf('/') + 1)))
  // A solution as exported has customizations.xml; Solution Packager's unpacked tree zipped may
  // keep only Other/Solution.xml beside Workflows/ (the Business Approvals Kit's does).
  if (
    baseNames.has('solution.xml') &&
    (baseNames.has('customizations.xml') || lower.some((path) => /(^|\/)workflows\/[^/]+\.json$/.test(path)))
  ) {
    return { platform: 'power-automate', shape: 'solution-archive' }
  }
  if (
    baseNames.has('manifest.json') &&
    lower.some((path) => /(^|\/)microsoft\.flow\/flows\/[^/]+\/definition\.json$/.test(path))
  ) {
    return { platform: 'power-automate', shape: 'package-archive' }
  }
  if (
    baseNames.has('project.json') ||
    lower.some((path) => path.endsWith('.xaml') || (!path.includes('/') && path.endsWith('.nuspec')))
  ) {
    return { platform: 'uipath', shape: 'project-archive' }
  }
  if (lower.some((path) => BLUE_PRISM_EXTENSIONS.test(path) || path.endsWith('.xml'))) {
    return { platform: 'blue-prism', shape: 'archive' }
  }
  // Loose flow JSON (a folder of flows zipped, as `validate --server` sends one): the reader keeps
  // the JSON that holds a workflow definition and refuses a zip with none.
  if (lower.some((path) => path.endsWith('.json')))
    return { platform: 'power-automate', shape: 'flows-archive' }
  return { platform: 'uipath', shape: 'project-archive' }
}
