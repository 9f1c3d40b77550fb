import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findCorpus } from '../xaml/test-helpers.js'
import { parseProjectDescriptor } from './project-descriptor.js'
import { buildProjectModel, type ProjectSource, parseProjectWorkflows } from './project-model.js'

const corpus = findCorpus()

/** A corpus project as a ProjectSource (paths inside the project, `/`-separated). */
function corpusProject(
  folder: string,
  rewrite: (file: { path: string; content: string }) => { path: string; content: string } | null = (f) => f,
): ProjectSource {
  if (corpus === undefined)
    throw new Error('the shared corpus is needed for this test (FLOWCERTA_CORPUS_DIR)')
  const root = path.join(corpus, folder)
  const files: Array<{ path: string; content: string }> = []
  const walk = (dir: string): void => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name)
      if (item.isDirectory()) walk(full)
      else if (item.name.toLowerCase().endsWith('.xaml')) {
        const rewritten = rewrite({
          path: path.relative(root, full).split(path.sep).join('/'),
          content: fs.readFileSync(full, 'utf8'),
        })
        if (rewritten !== null) files.push(rewritten)
      }
    }
  }
  walk(root)
  const projectJson = path.join(root, 'project.json')
  return { projectJson: fs.existsSync(projectJson) ? fs.readFileSync(projectJson) : null, files }
}

function model(source: ProjectSource) {
  return buildProjectModel(source.projectJson, parseProjectWorkflows(source))
}

describe('project model', () => {
  it('reads the classic REFramework: project.json, the graph with arguments, the framework by its states', () => {
    const project = model(corpusProject('uipath-reframework-2019'))
    expect(project.descriptor?.main).toBe('Main.xaml')
    expect(project.mainPath).toBe('Main.xaml')
    expect(project.workflows.every((workflow) => workflow.model !== undefined)).toBe(true)
    const init = project.invocations.find(
      (invocation) =>
        invocation.target.kind === 'resolved' && invocation.target.path === 'Framework/InitAllSettings.xaml',
    )
    expect(init?.from).toBe('Main.xaml')
    expect(init?.arguments).toEqual([
      expect.objectContaining({ name: 'in_ConfigFile', direction: 'In', type: 'x:String' }),
      expect.objectContaining({ name: 'in_ConfigSheets', direction: 'In', type: 's:String[]' }),
      expect.objectContaining({
        name: 'out_Config',
        direction: 'Out',
        type: 'scg:Dictionary(x:String, x:Object)',
      }),
    ])
    expect(project.reframework?.mainPath).toBe('Main.xaml')
    expect(project.reframework?.workflows).toEqual({
      initAllSettings: 'Framework/InitAllSettings.xaml',
      killAllProcesses: 'Framework/KillAllProcesses.xaml',
      initAllApplications: 'Framework/InitAllApplications.xaml',
      getTransactionData: 'Framework/GetTransactionData.xaml',
      process: 'Process.xaml',
      setTransactionStatus: 'Framework/SetTransactionStatus.xaml',
      closeAllApplications: 'Framework/CloseAllApplications.xaml',
    })
    expect(project.reachablePaths.has('Framework/SetTransactionStatus.xaml')).toBe(true)
    // Tests/RunAllTests.xaml invokes `[Row("WorkflowFile").ToString]`: an expression, not resolvable.
    expect(project.invocations.some((invocation) => invocation.target.kind === 'expression')).toBe(true)
  })

  it('still finds the framework when its folder and files are renamed', () => {
    const renames: Record<string, string> = {
      'Framework/InitAllSettings.xaml': 'Core/LoadConfiguration.xaml',
      'Framework/GetTransactionData.xaml': 'Core/NextItem.xaml',
      'Process.xaml': 'Work/HandleInvoice.xaml',
    }
    const project = model(
      corpusProject('uipath-reframework-2019', ({ path: file, content }) => {
        let text = content
        for (const [from, to] of Object.entries(renames))
          text = text.replaceAll(`"${from.replace('/', '\\')}"`, `"${to.replace('/', '\\')}"`)
        text = text.replaceAll('"Framework\\', '"Core\\')
        const renamed = renames[file] ?? file.replace(/^Framework\//, 'Core/')
        return { path: renamed, content: text }
      }),
    )
    expect(project.reframework?.workflows).toMatchObject({
      initAllSettings: 'Core/LoadConfiguration.xaml',
      getTransactionData: 'Core/NextItem.xaml',
      process: 'Work/HandleInvoice.xaml',
      setTransactionStatus: 'Core/SetTransactionStatus.xaml',
    })
  })

  it('knows the current template in C#: test cases from fileInfoCollection, the framework by its states', () => {
    const project = model(corpusProject('uipath-studiotemplates-reframework/pt1/CSharp'))
    expect(project.descriptor?.expressionLanguage).toBe('CSharp')
    expect(project.testCasePaths).toContain('Tests/GeneralTestCase.xaml')
    expect(project.rootPaths).toContain('Tests/MainTestCase.xaml')
    expect(project.reframework?.workflows.initAllSettings).toBe('Framework/InitAllSettings.xaml')
  })

  it('says a project with a Main.xaml that is no state machine is not a REFramework', () => {
    const project = model(
      corpusProject(
        'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/sys-getasset-name-mismatch/process',
      ),
    )
    expect(project.mainPath).toBe('Main.xaml')
    expect(project.reframework).toBeUndefined()
  })

  it('reports an invoked file that is not in the project as missing, with the literal as written', () => {
    const project = model(
      corpusProject('uipath-reframework-2019', (file) =>
        file.path === 'Framework/KillAllProcesses.xaml' ? null : file,
      ),
    )
    const missing = project.invocations.filter((invocation) => invocation.target.kind === 'missing')
    expect(missing.map((invocation) => invocation.target)).toContainEqual({
      kind: 'missing',
      literal: 'Framework\\KillAllProcesses.xaml',
    })
    expect(project.reframework?.workflows.killAllProcesses).toBeUndefined()
  })

  it('keeps a workflow that cannot be read, with its error, instead of failing the project', () => {
    const project = model({
      projectJson: '{"main":"Main.xaml"}',
      files: [{ path: 'Main.xaml', content: '<Activity' }],
    })
    expect(project.workflows[0]?.model).toBeUndefined()
    expect(project.workflows[0]?.error?.code).toBe('XAML_PARSE_ERROR')
  })
})

describe('project.json', () => {
  it('tolerates a BOM, a missing name and a version without brackets', () => {
    const parsed = parseProjectDescriptor(
      Buffer.from(
        '\uFEFF{"main":"Sub\\\\Main.xaml","dependencies":{"A":"2.4.0","B":"[24.10.5]","C":"[23.10.4, )"}}',
      ),
    )
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.descriptor.name).toBeUndefined()
    expect(parsed.descriptor.main).toBe('Sub/Main.xaml')
    expect(parsed.descriptor.dependencies.map((dependency) => dependency.minimumVersion)).toEqual([
      '2.4.0',
      '24.10.5',
      '23.10.4',
    ])
  })

  it('reads the profile: Business for StudioX, Developement (sic) for Studio', () => {
    const profile = (json: string) => {
      const parsed = parseProjectDescriptor(json)
      return parsed.ok ? parsed.descriptor.projectProfile : 'not parsed'
    }
    expect(profile('{"designOptions":{"projectProfile":"Business"}}')).toBe('Business')
    expect(profile('{"designOptions":{"projectProfile":"Developement"}}')).toBe('Developement')
    expect(profile('{"designOptions":{}}')).toBeUndefined()
  })

  it('reads every project.json in the corpus without a problem', () => {
    if (corpus === undefined)
      throw new Error('the shared corpus is needed for this test (FLOWCERTA_CORPUS_DIR)')
    const found: string[] = []
    const walk = (dir: string): void => {
      for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, item.name)
        if (item.isDirectory()) walk(full)
        else if (item.name === 'project.json') found.push(full)
      }
    }
    walk(corpus)
    expect(found.length).toBeGreaterThan(30)
    for (const file of found) {
      const parsed = parseProjectDescriptor(fs.readFileSync(file))
      expect({ file, ok: parsed.ok, problems: parsed.problems }).toEqual({ file, ok: true, problems: [] })
    }
  })

  it('refuses what is not JSON or not an object, and reports fields of the wrong type', () => {
    expect(parseProjectDescriptor('{').ok).toBe(false)
    expect(parseProjectDescriptor('[]').ok).toBe(false)
    const parsed = parseProjectDescriptor(
      '{"main": 3, "expressionLanguage": "Python", "dependencies": {"A": 1}}',
    )
    expect(parsed.problems.map((problem) => problem.field)).toEqual([
      'dependencies.A',
      'expressionLanguage',
      'main',
    ])
  })
})
