import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../domain/errors/app-error.js'
import { buildTestZip, deflatedZeros } from '../../input/archive/test-zip-writer.js'
import { readPowerAutomateFolder } from '../../input/read-power-automate-folder.js'
import { readPowerAutomateArchive as readArchiveFiles } from '../../input/read-power-automate-submission.js'
import { readSubmission } from '../../input/read-submission.js'
import { InputFileError } from '../platform-analyzer.js'
import { findCorpus } from '../xaml/test-helpers.js'
import { planPowerAutomateSubmission } from './flow-submission-layout.js'
import { powerAutomateAnalyzer } from './power-automate-analyzer.js'
import { readFlow } from './read-flow.js'

/** An uploaded zip as the API reads it, then planned by the analyzer: which files are flows. */
async function readPowerAutomateArchive(buffer: Buffer) {
  const read = await readArchiveFiles(buffer)
  const plan = planPowerAutomateSubmission(read.files)
  if (plan.flows.length === 0) throw new AppError('ARCHIVE_NO_WORKFLOWS')
  return { ...plan, skipped: [...read.skipped, ...plan.skipped] }
}

const corpus = findCorpus()
function corpusPath(relative: string): string {
  if (corpus === undefined)
    throw new Error('the shared corpus is needed for this test (FLOWCERTA_CORPUS_DIR)')
  return path.join(corpus, relative)
}
const PNP = 'pnp-powerautomate-samples/samples'
const KIT = 'microsoft-powercat-business-approvals-kit/BusinessApprovalKit/SolutionPackage/src'

async function refusalCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  if (!(error instanceof AppError)) throw new Error(`expected a typed refusal, got ${String(error)}`)
  return error.code
}

describe('Power Automate submissions: told apart by content', () => {
  it('a solution zip as exported: solution.xml + Workflows/<Name>-<GUID>.json', async () => {
    const submission = await readPowerAutomateArchive(
      fs.readFileSync(corpusPath(`${PNP}/ScheduledQuoteEmail-d365goddess/solution/scheduledquoteemail.zip`)),
    )
    expect(submission.kind).toBe('solution')
    expect(submission.root).toBe('')
    expect(submission.flows.map((flow) => [flow.path, flow.workflowId])).toEqual([
      [
        'Workflows/Scheduledquoteemail-1AD90513-B7A0-ED11-AAD1-0022482A43B9.json',
        '1ad90513-b7a0-ed11-aad1-0022482a43b9',
      ],
    ])
    expect(readFlow(submission.flows[0]!.content, submission.flows[0]!.path).shape).toBe('solution-workflow')
  })

  it('a legacy package zip: manifest.json listing a Microsoft.Flow/flows resource', async () => {
    const submission = await readPowerAutomateArchive(
      fs.readFileSync(corpusPath(`${PNP}/Try-Catch-Finally/solution/PatternTry-Catch-Finally.zip`)),
    )
    expect(submission.kind).toBe('package')
    expect(submission.flows.map((flow) => flow.path)).toEqual([
      'Microsoft.Flow/flows/6420a0b5-c254-42f1-9808-3370c281ca9d/definition.json',
    ])
    expect(readFlow(submission.flows[0]!.content, 'definition.json').shape).toBe('package-definition')
    // The package's other JSON is listed as not a flow, by content.
    expect(submission.skipped.map((item) => item.path)).toContain(
      'Microsoft.Flow/flows/6420a0b5-c254-42f1-9808-3370c281ca9d/apisMap.json',
    )
  })

  it('an unpacked solution tree (Other/Solution.xml), listing the classic Dataverse .xaml it skips', async () => {
    const folder = await readPowerAutomateFolder(corpusPath(KIT))
    const submission = { ...planPowerAutomateSubmission(folder.files), skipped: folder.skipped }
    expect(submission.kind).toBe('solution')
    expect(submission.solutionName).toBe('BusinessApprovalKit')
    expect(submission.flows).toHaveLength(25)
    expect(submission.skipped).toContainEqual({
      path: 'Workflows/IsCancellationRuleSetOverrideApprover-EF77A2CD-5BB5-EC11-983E-000D3A09CEC6.xaml',
      reason: 'classic Dataverse workflow (XAML), not a cloud flow: not analysed',
    })
  })

  it('the same tree zipped under a top folder, and a classic workflow in a zip is listed, not inflated', async () => {
    const kit = corpusPath(KIT)
    const entries = [
      { name: 'kit/Other/Solution.xml', data: fs.readFileSync(path.join(kit, 'Other/Solution.xml')) },
      ...fs.readdirSync(path.join(kit, 'Workflows')).map((name) => ({
        name: `kit/Workflows/${name}`,
        data: fs.readFileSync(path.join(kit, 'Workflows', name)),
      })),
    ]
    const submission = await readPowerAutomateArchive(buildTestZip(entries))
    expect([submission.kind, submission.root, submission.flows.length]).toEqual(['solution', 'kit/', 25])
    expect(submission.skipped.filter((item) => item.path.endsWith('.xaml')).map((item) => item.path)).toEqual(
      ['kit/Workflows/IsCancellationRuleSetOverrideApprover-EF77A2CD-5BB5-EC11-983E-000D3A09CEC6.xaml'],
    )
  })

  it('one flow JSON in a zip, whatever its name; JSON that is not a flow is listed', async () => {
    const flow = fs.readFileSync(
      corpusPath(
        `${PNP}/Try-Catch-Finally/sourcecode/Microsoft.Flow/flows/6420a0b5-c254-42f1-9808-3370c281ca9d/definition.json`,
      ),
    )
    const submission = await readPowerAutomateArchive(
      buildTestZip([
        { name: 'my-flow.txt.json', data: flow },
        { name: 'settings.json', data: '{"a": 1}' },
        { name: 'broken.json', data: '{"a": ' },
      ]),
    )
    expect([submission.kind, submission.flows.map((item) => item.path)]).toEqual([
      'flows',
      ['my-flow.txt.json'],
    ])
    expect(submission.skipped.map((item) => item.path)).toEqual(['settings.json', 'broken.json'])
    expect(submission.skipped[1]?.reason).toMatch(/FLOW_JSON_INVALID/)
  })

  it('a solution.xml by name but not by content does not make a solution', async () => {
    const flow = fs.readFileSync(
      corpusPath(
        `${PNP}/Try-Catch-Finally/sourcecode/Microsoft.Flow/flows/6420a0b5-c254-42f1-9808-3370c281ca9d/definition.json`,
      ),
    )
    const submission = await readPowerAutomateArchive(
      buildTestZip([
        { name: 'solution.xml', data: '<html>not a solution</html>' },
        { name: 'Workflows/a.json', data: flow },
      ]),
    )
    expect(submission.kind).toBe('flows')
  })

  it('a flow in a solution that does not parse is kept as a flow (the analyzer reports its error)', async () => {
    const solutionXml =
      '<?xml version="1.0"?><ImportExportXml version="9.2"><SolutionManifest><UniqueName>S</UniqueName></SolutionManifest></ImportExportXml>'
    const submission = await readPowerAutomateArchive(
      buildTestZip([
        { name: 'solution.xml', data: solutionXml },
        {
          name: 'Workflows/Bad-11111111-2222-3333-4444-555555555555.json',
          data: '{"properties": {"a":1,"a":2}}',
        },
      ]),
    )
    expect(submission.flows.map((flow) => flow.workflowId)).toEqual(['11111111-2222-3333-4444-555555555555'])
  })

  it("refuses hostile archives with the zip reader's codes and one with no flow", async () => {
    expect(
      await refusalCode(
        readPowerAutomateArchive(buildTestZip([{ name: '../Workflows/a.json', data: '{}' }])),
      ),
    ).toBe('ARCHIVE_UNSAFE_PATH')
    expect(
      await refusalCode(
        readPowerAutomateArchive(
          buildTestZip([
            {
              name: 'Workflows/bomb.json',
              compressed: deflatedZeros(64 * 1024 * 1024),
              uncompressedSize: 64 * 1024 * 1024,
            },
          ]),
        ),
      ),
    ).toBe('ARCHIVE_COMPRESSION_RATIO')
    expect(
      await refusalCode(readPowerAutomateArchive(buildTestZip([{ name: 'readme.json', data: '{}' }]))),
    ).toBe('ARCHIVE_NO_WORKFLOWS')
    expect(await refusalCode(readPowerAutomateArchive(Buffer.from('not a zip')))).toBe('ARCHIVE_INVALID')
  })
})

describe('Power Automate through the product: detection by content, then the analyzer', () => {
  const zip = (relative: string) => fs.readFileSync(corpusPath(relative))
  const TRY_CATCH = `${PNP}/Try-Catch-Finally/sourcecode/Microsoft.Flow/flows/6420a0b5-c254-42f1-9808-3370c281ca9d/definition.json`

  it.each([
    [
      'a solution zip',
      `${PNP}/ScheduledQuoteEmail-d365goddess/solution/scheduledquoteemail.zip`,
      'solution-archive',
    ],
    ['a package zip', `${PNP}/Try-Catch-Finally/solution/PatternTry-Catch-Finally.zip`, 'package-archive'],
    ['one flow JSON', TRY_CATCH, 'flow'],
  ])('%s is power-automate, read into flows', async (_what, relative, shape) => {
    const submission = await readSubmission(zip(relative), path.basename(relative))
    expect([submission.platform, submission.shape]).toEqual(['power-automate', shape])
    if (submission.platform === 'uipath') throw new Error('unreachable')
    const read = powerAutomateAnalyzer.read({
      submissionName: 'x',
      files: submission.files,
      skipped: submission.skipped,
    })
    expect(read.files.length).toBe(1)
    expect(read.files[0]?.error).toBeNull()
    expect(read.model.flows[0]?.actions.length).toBeGreaterThan(0)
  })

  it('an unpacked solution tree zipped (Other/Solution.xml + Workflows/) is power-automate, not UiPath for its .xaml', async () => {
    const kit = corpusPath(KIT)
    const entries = [
      { name: 'Other/Solution.xml', data: fs.readFileSync(path.join(kit, 'Other/Solution.xml')) },
      ...fs.readdirSync(path.join(kit, 'Workflows')).map((name) => ({
        name: `Workflows/${name}`,
        data: fs.readFileSync(path.join(kit, 'Workflows', name)),
      })),
    ]
    const submission = await readSubmission(buildTestZip(entries), 'kit.zip')
    expect([submission.platform, submission.shape]).toEqual(['power-automate', 'solution-archive'])
    if (submission.platform === 'uipath') throw new Error('unreachable')
    const read = powerAutomateAnalyzer.read({
      submissionName: 'kit.zip',
      files: submission.files,
      skipped: submission.skipped,
    })
    expect(read.project).toMatchObject({ name: 'BusinessApprovalKit' })
    // Every Run a Child Flow step of the kit resolves to a flow of the solution.
    expect(read.invocationGraph).toEqual({
      invocations: 31,
      resolved: 31,
      missing: 0,
      dynamic: 0,
      reachableWorkflows: 25,
    })
    expect(submission.skipped.map((item) => item.reason)).toContain(
      'classic Dataverse workflow (XAML), not a cloud flow: not analysed',
    )
  })

  it('lists an unreadable flow with its code and position; refuses a submission with no flow', () => {
    const solutionXml = Buffer.from(
      '<ImportExportXml><SolutionManifest><UniqueName>S</UniqueName><Version>1.2.0.0</Version></SolutionManifest></ImportExportXml>',
    )
    const read = powerAutomateAnalyzer.read({
      submissionName: 's.zip',
      files: [
        { path: 'solution.xml', content: solutionXml },
        {
          path: 'Workflows/Dup-11111111-2222-3333-4444-555555555555.json',
          content: Buffer.from('{"properties": {\n "a": 1,\n "a": 2}}'),
        },
        {
          path: 'Workflows/Ok-21111111-2222-3333-4444-555555555555.json',
          content: fs.readFileSync(corpusPath(TRY_CATCH)),
        },
      ],
      skipped: [],
    })
    expect(read.project).toMatchObject({ name: 'S', version: '1.2.0.0' })
    expect(
      read.files.map((file) => [file.path, file.error?.code ?? null, file.error?.position.line ?? null]),
    ).toEqual([
      ['Workflows/Dup-11111111-2222-3333-4444-555555555555.json', 'FLOW_JSON_DUPLICATE_KEY', 3],
      ['Workflows/Ok-21111111-2222-3333-4444-555555555555.json', null, null],
    ])
    expect(() =>
      powerAutomateAnalyzer.read({
        submissionName: 'x.json',
        files: [{ path: 'x.json', content: Buffer.from('{"a": 1}') }],
        skipped: [],
      }),
    ).toThrow(InputFileError)
    try {
      powerAutomateAnalyzer.read({
        submissionName: 'x.json',
        files: [{ path: 'x.json', content: Buffer.from('{"a": 1}') }],
        skipped: [],
      })
    } catch (error) {
      expect((error as InputFileError).code).toBe('FLOW_NOT_A_FLOW')
    }
  })
})
