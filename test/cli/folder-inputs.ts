/**
 * Folders of Power Automate and Blue Prism files for the CLI tests, built from the corpus in a
 * temporary folder: a solution zip and a legacy package zip unpacked (by the archive reader, with
 * its checks), a folder of Blue Prism exports with a stray XML, and mixed folders.
 */
import fs from 'node:fs'
import path from 'node:path'
import { readBluePrismCorpusFile } from '../../src/analysis/blue-prism/blue-prism-test-kit.js'
import { CORPUS_DIR } from '../../src/analysis/rules/rule-test-kit.js'
import { readZipArchive } from '../../src/input/archive/read-zip-archive.js'
import { copyTree } from '../helpers/copy-tree.js'

const PNP = 'pnp-powerautomate-samples/samples'
/** A solution as exported: solution.xml, customizations.xml, Workflows/…json, env-var XML. */
export const SOLUTION_ZIP = `${PNP}/sharepoint-hide-folders-in-library-view/solution/sharepoint-hide-folders-in-library-view.zip`
/** A legacy package: Microsoft.Flow/flows/manifest.json and flows/<guid>/definition.json. */
export const PACKAGE_ZIP = `${PNP}/teams-invites-via-graph-api/solution/team-guest-management-via-graph-api_20210501141125.zip`
/** Solution Packager's unpacked tree with classic Dataverse workflows (.xaml) beside the flows. */
export const APPROVALS_KIT = 'microsoft-powercat-business-approvals-kit/BusinessApprovalKit/SolutionPackage'
export const WORD_RELEASE =
  'shmoopysoft-blue-prism-populate-word-document-example/ShmoopySoftPopulateWordDocumentExample.bprelease'
export const AGGREGATOR_PROCESS =
  'blue-prism-release-aggregator/BPA Process - Blue Prism Release Aggregator - Sample.xml'
export const FILE_OBJECT =
  'blue-prism-file-management-utility-extended/BPA Object - Utility - File Management [Extended C#].xml'

export function corpusFile(relative: string): Buffer {
  return fs.readFileSync(path.join(CORPUS_DIR, relative))
}

/** Writes every entry of a corpus zip under `to` (the paths the archive reader accepted). */
export async function unzipCorpus(zip: string, to: string): Promise<void> {
  const contents = await readZipArchive(corpusFile(zip), { select: (paths) => new Set(paths) })
  for (const file of contents.files) {
    fs.mkdirSync(path.dirname(path.join(to, file.path)), { recursive: true })
    fs.writeFileSync(path.join(to, file.path), file.content)
  }
}

export interface FolderInputs {
  /** The solution zip unpacked (named so that nothing in the name says Power Automate). */
  readonly solution: string
  /** The package zip unpacked. */
  readonly package: string
  /** A copy of the approvals kit's unpacked solution tree. */
  readonly approvalsKit: string
  /** Loose flow JSON: the solution's flow and the package's definition, side by side. */
  readonly flows: string
  /** A release, a process and an object export, and an XML file that is not an export. */
  readonly bluePrism: string
  /** A UiPath workflow beside a Blue Prism release. */
  readonly mixed: string
  /** A UiPath project folder (project.json at its top) holding a flow JSON too. */
  readonly mixedProject: string
}

export async function writeFolderInputs(work: string): Promise<FolderInputs> {
  const at = (name: string) => path.join(work, name)
  await unzipCorpus(SOLUTION_ZIP, at('sol'))
  await unzipCorpus(PACKAGE_ZIP, at('pkg'))
  copyTree(path.join(CORPUS_DIR, APPROVALS_KIT), at('kit'))

  fs.mkdirSync(at('flows/more'), { recursive: true })
  const [solutionFlow] = fs.readdirSync(at('sol/Workflows'))
  fs.copyFileSync(path.join(at('sol/Workflows'), solutionFlow as string), at('flows/first.json'))
  const [flowId] = fs
    .readdirSync(at('pkg/Microsoft.Flow/flows'), { withFileTypes: true })
    .filter((item) => item.isDirectory())
  fs.copyFileSync(
    path.join(at('pkg/Microsoft.Flow/flows'), flowId?.name as string, 'definition.json'),
    at('flows/more/second.json'),
  )
  fs.writeFileSync(at('flows/settings.json'), '{"not": "a flow"}')

  fs.mkdirSync(at('bp/exports'), { recursive: true })
  fs.writeFileSync(at('bp/Word.bprelease'), readBluePrismCorpusFile(WORD_RELEASE))
  fs.writeFileSync(at('bp/exports/Aggregator.xml'), readBluePrismCorpusFile(AGGREGATOR_PROCESS))
  fs.writeFileSync(at('bp/exports/FileManagement.xml'), readBluePrismCorpusFile(FILE_OBJECT))
  fs.writeFileSync(at('bp/exports/notes.xml'), '<notes>not an export</notes>')

  fs.mkdirSync(at('mixed'), { recursive: true })
  fs.copyFileSync(path.join(CORPUS_DIR, 'uipath-reframework-2019/Main.xaml'), at('mixed/Main.xaml'))
  fs.writeFileSync(at('mixed/Word.bprelease'), readBluePrismCorpusFile(WORD_RELEASE))

  copyTree(path.join(CORPUS_DIR, 'uipath-reframework-2019'), at('mixedProject'))
  fs.copyFileSync(at('flows/first.json'), at('mixedProject/Framework/flow.json'))

  return {
    solution: at('sol'),
    package: at('pkg'),
    approvalsKit: at('kit'),
    flows: at('flows'),
    bluePrism: at('bp'),
    mixed: at('mixed'),
    mixedProject: at('mixedProject'),
  }
}
