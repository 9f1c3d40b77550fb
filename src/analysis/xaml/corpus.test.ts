import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseXaml } from './parse-xaml.js'
import { findCorpus, listXaml, NON_UIPATH_CORPUS_FILES } from './test-helpers.js'
import { isXamlError, XamlError } from './xaml-error.js'
import { DEFAULT_XAML_LIMITS, type XamlLimitName, type XamlLimits } from './xaml-limits.js'

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

describe('limits against real files', () => {
  // Real workflows must never come near a limit: every corpus file is read with every limit cut to
  // a tenth (the largest figures and their margins are in xaml-limits.ts).
  const MARGIN = 10
  const tenth = Object.fromEntries(
    (Object.keys(DEFAULT_XAML_LIMITS) as XamlLimitName[]).map((name) => [
      name,
      Math.floor(DEFAULT_XAML_LIMITS[name] / MARGIN),
    ]),
  ) as unknown as XamlLimits

  it(`every corpus file is read with each limit divided by ${MARGIN}`, () => {
    expect(files.length).toBeGreaterThan(90)
    for (const file of files) {
      let crossed: XamlError['limit']
      try {
        parseXaml(readFileSync(file), file, tenth)
      } catch (error) {
        if (error instanceof XamlError) crossed = error.limit
      }
      expect(crossed, relative(corpus as string, file)).toBeUndefined()
    }
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
