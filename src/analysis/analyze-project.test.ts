import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeWorkflow } from './analyze.js'
import { analyzeProject } from './analyze-project.js'
import { findCorpus } from './xaml/test-helpers.js'

const corpus = findCorpus()

function corpusProject(folder: string) {
  if (corpus === undefined)
    throw new Error('the shared corpus is needed for this test (FLOWCERTA_CORPUS_DIR)')
  const root = path.join(corpus, folder)
  const files: Array<{ path: string; content: Buffer }> = []
  const walk = (dir: string): void => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name)
      if (item.isDirectory()) walk(full)
      else if (item.name.toLowerCase().endsWith('.xaml'))
        files.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          content: fs.readFileSync(full),
        })
    }
  }
  walk(root)
  files.sort((a, b) => a.path.localeCompare(b.path))
  const projectJson = path.join(root, 'project.json')
  return { projectJson: fs.existsSync(projectJson) ? fs.readFileSync(projectJson) : null, files }
}

const key = (finding: { ruleId: string; location: string; column: number; message: string | null }) =>
  `${finding.location}:${finding.column} ${finding.ruleId} ${finding.message ?? ''}`

describe('analyzeProject', () => {
  it.each([
    'uipath-reframework-2019',
    'uipath-studiotemplates-reframework/pt0/VisualBasic',
    'uipath-studiotemplates-reframework/pt1/CSharp',
    'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices',
  ])(
    '%s: file findings equal the union of the single-file analyses; project findings come on top',
    (folder) => {
      const source = corpusProject(folder)
      const result = analyzeProject({ submissionName: `${folder}.zip`, ...source })
      // Framework rules see framework files by role in a project (tested below); every other file
      // rule must find exactly what it finds file by file.
      const single = source.files
        .flatMap(
          (file) =>
            analyzeWorkflow({ content: file.content, fileName: file.path, relativePath: file.path }).findings,
        )
        .filter((finding) => finding.category !== 'framework')
      const fileFindings = result.findings.filter(
        (finding) => finding.category !== 'project' && finding.category !== 'framework',
      )
      expect(fileFindings.map(key).sort()).toEqual(single.map(key).sort())
      for (const finding of result.findings) expect(finding.location).toBe(`${finding.path}:${finding.line}`)
      expect(result.fileName).toBe(`${folder}.zip`)
      expect(result.files.map((file) => file.path)).toEqual(source.files.map((file) => file.path))
      expect(result.project.isReframework).toBe(true)
      // Summary counts every finding that is not waived, file and project alike.
      expect(result.summary.total).toBe(result.findings.length)
    },
  )

  it('runs no framework rule on a project that is not a REFramework, even with a Main.xaml', () => {
    const source = corpusProject('k2zinger-uipath-snippets/PrintToPDF')
    // Alone, its Main.xaml (a Sequence) does not show the REFramework state machine either (issue 14).
    const single = analyzeWorkflow({ content: source.files[0]?.content ?? '', fileName: 'Main.xaml' })
    expect(single.findings.some((finding) => finding.category === 'framework')).toBe(false)
    // A lone REFramework Main.xaml (its state machine shows it) is judged: one state renamed → FRW-001.
    const reframeworkMain = fs
      .readFileSync(path.join(findCorpus() as string, 'uipath-reframework-2019/Main.xaml'), 'utf8')
      .replace('DisplayName="End Process"', 'DisplayName="Finish"')
    const lone = analyzeWorkflow({ content: reframeworkMain, fileName: 'Main.xaml' })
    expect(lone.findings.filter((finding) => finding.ruleId === 'FC-UIP-FRW-001')).toHaveLength(1)
    const result = analyzeProject({ submissionName: 'PrintToPDF.zip', ...source })
    expect(result.project.isReframework).toBe(false)
    expect(result.findings.filter((finding) => finding.category === 'framework')).toEqual([])
  })

  it('checks renamed framework files as the framework files they are', () => {
    const source = corpusProject('uipath-reframework-2019')
    const moved = {
      projectJson: source.projectJson,
      files: source.files.map((file) => ({
        path: file.path.replace(/^Framework\//, 'Core/'),
        content: Buffer.from(file.content.toString('utf8').replaceAll('"Framework\\', '"Core\\')),
      })),
    }
    const original = analyzeProject({ submissionName: 'p.zip', ...source })
    const renamed = analyzeProject({ submissionName: 'p.zip', ...moved })
    const frameworkOf = (result: typeof original) =>
      result.findings
        .filter((finding) => finding.category === 'framework')
        .map(
          (finding) => `${finding.ruleId} ${finding.path.replace(/^Core\//, 'Framework/')}:${finding.line}`,
        )
    expect(frameworkOf(renamed)).toEqual(frameworkOf(original))
    // Where the project keeps the template's paths, framework findings are the single-file ones.
    const single = source.files
      .flatMap(
        (file) =>
          analyzeWorkflow({ content: file.content, fileName: file.path, relativePath: file.path }).findings,
      )
      .filter((finding) => finding.category === 'framework')
      .map((finding) => `${finding.ruleId} ${finding.location}`)
    expect(frameworkOf(original).sort()).toEqual(single.sort())
  })

  it('scores the project as the mean of its files less the project-level findings, and fails closed on an unreadable file', () => {
    const clean =
      '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence DisplayName="Do the work" /></Activity>'
    const ok = analyzeProject({
      submissionName: 'p.zip',
      projectJson: '{"main":"Main.xaml"}',
      files: [{ path: 'Main.xaml', content: clean }],
      packSlug: 'uipath-general',
    })
    expect(ok.files[0]?.error).toBeNull()
    const broken = analyzeProject({
      submissionName: 'p.zip',
      projectJson: '{"main":"Main.xaml"}',
      files: [
        { path: 'Main.xaml', content: clean },
        { path: 'Broken.xaml', content: '<Activity' },
      ],
      packSlug: 'uipath-general',
    })
    expect(broken.files.find((file) => file.path === 'Broken.xaml')?.error?.code).toBe('XAML_PARSE_ERROR')
    expect(broken.passed).toBe(false)
    const mainScore = broken.files.find((file) => file.path === 'Main.xaml')?.score ?? 0
    const projectDeduction = broken.findings
      .filter((finding) => finding.category === 'project')
      .reduce(
        (sum, finding) => sum + ({ critical: 25, high: 6, medium: 3, low: 1 } as const)[finding.severity],
        0,
      )
    expect(broken.score).toBe(Math.max(0, Math.round(mainScore / 2 - projectDeduction)))
  })

  it('puts the most severe findings of the whole project first', () => {
    const result = analyzeProject({
      submissionName: 'p.zip',
      ...corpusProject('ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices'),
    })
    const ranks = result.findings.map((finding) =>
      ['critical', 'high', 'medium', 'low'].indexOf(finding.severity),
    )
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks)
  })
})
