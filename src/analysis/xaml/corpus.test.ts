import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseXaml } from './parse-xaml.js'
import { findCorpus, listXaml } from './test-helpers.js'

const corpus = findCorpus()
const files = corpus === undefined ? [] : listXaml(corpus)

describe('corpus', () => {
  it('finds the shared corpus (../shared/corpus)', () => {
    expect(corpus, 'shared/corpus not found next to the project').toBeDefined()
    expect(files.length).toBeGreaterThan(90)
  })

  it.each(files.map((f) => [relative(corpus as string, f), f]))('%s parses', (_rel, file) => {
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
