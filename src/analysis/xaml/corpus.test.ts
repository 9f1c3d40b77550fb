import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseXaml } from './parse-xaml.js'
import { findCorpus, listXaml, NON_UIPATH_CORPUS_FILES } from './test-helpers.js'
import { isXamlError } from './xaml-error.js'

const corpus = findCorpus()
const all = corpus === undefined ? [] : listXaml(corpus)

// Files of other platforms are refused, not parsed as UiPath (the list and why: test-helpers.ts).
const rel = (file: string): string =>
  relative(corpus as string, file)
    .split('\\')
    .join('/')
const files = all.filter((f) => NON_UIPATH_CORPUS_FILES[rel(f)] === undefined)
const foreign = all.filter((f) => NON_UIPATH_CORPUS_FILES[rel(f)] !== undefined)

describe('corpus', () => {
  it('finds the shared corpus (../shared/corpus)', () => {
    expect(corpus, 'shared/corpus not found next to the project').toBeDefined()
    expect(files.length).toBeGreaterThan(90)
  })

  it('lists only non-UiPath files that are in the corpus', () => {
    expect(foreign.map(rel).sort()).toEqual(Object.keys(NON_UIPATH_CORPUS_FILES).sort())
  })

  it.each(foreign.map((f) => [rel(f), f]))('%s is refused as not a UiPath workflow', (name, file) => {
    let error: unknown
    try {
      parseXaml(readFileSync(file), file)
    } catch (e) {
      error = e
    }
    expect(isXamlError(error), 'expected a typed refusal').toBe(true)
    expect((error as { code: string }).code).toBe(NON_UIPATH_CORPUS_FILES[name])
  })

  it.each(files.map((f) => [rel(f), f]))('%s parses', (_rel, file) => {
    const m = parseXaml(readFileSync(file), file)
    expect(m.rootActivity).toBeDefined()
    expect(m.totalLines).toBeGreaterThan(1)
    for (const n of m.nodes) expect(n.line).toBeGreaterThan(0)
  })
})

describe('rootActivity on real files', () => {
  it('is the main activity, not a <Literal> used as an argument default', () => {
    expect(corpus).toBeDefined()
    const file = `${corpus}/k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer/Main.xaml`
    const m = parseXaml(readFileSync(file), 'Main.xaml')
    expect(m.rootActivityType).toBe('StateMachine')
    expect(m.rootActivity?.parent).toBe(m.root)
  })

  it('is a direct content child of the root on every corpus file', () => {
    for (const file of files) {
      const m = parseXaml(readFileSync(file), file)
      expect(m.rootActivity?.inProperty, file).toBeUndefined()
      expect(m.rootActivity?.localName, file).not.toBe('Literal')
    }
  })
})
