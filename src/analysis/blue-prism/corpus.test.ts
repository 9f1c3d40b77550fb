/**
 * Every Blue Prism export of the shared corpus is read, and analysed with every Blue Prism rule
 * with no rule error; each stays under a tenth of every reader limit (blue-prism-limits.ts).
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_BLUE_PRISM_LIMITS } from './blue-prism-limits.js'
import {
  analyzeBluePrismCorpusFile,
  bluePrismCorpusFiles,
  readBluePrismCorpusFile,
} from './blue-prism-test-kit.js'
import { readBluePrismFile } from './read-blue-prism.js'
import { child, readXmlTree, type XmlElement } from './read-xml-tree.js'

const files = bluePrismCorpusFiles()

describe('the Blue Prism corpus', () => {
  it('has the 16 exports the corpus README lists', () => {
    expect(files).toHaveLength(16)
  })

  describe.each(files)('%s', (path) => {
    it('is read into releases and workflows with stages on named pages', () => {
      const bytes = readBluePrismCorpusFile(path)
      const model = readBluePrismFile(bytes, path)
      // Every process and object of the file is read: a release's wrappers (`<process id=…>`,
      // `<object id=… name=…>`; group and credential members repeat only the id), or the one export.
      const wrappers = (bytes.toString('utf8').match(/<(process|object) id="[^"]*" name=/g) ?? []).length
      expect(model.workflows).toHaveLength(model.releases.length === 0 ? 1 : wrappers)
      for (const workflow of model.workflows) {
        expect(workflow.name).not.toBe('')
        expect(workflow.bpversion).toMatch(/^\d+\.\d+/)
        for (const stage of workflow.stages) {
          expect(stage.id).not.toBe('')
          expect(stage.line).toBeGreaterThan(0)
          // Every stage is on the main page or on a page the workflow declares.
          expect(
            workflow.pages.some((page) => page.id === stage.pageId),
            `${stage.name}`,
          ).toBe(true)
        }
      }
    })

    it('is analysed with every Blue Prism rule, with no rule error', () => {
      const result = analyzeBluePrismCorpusFile(path)
      expect(result.ruleErrors).toEqual([])
      expect(result.platform).toBe('blue-prism')
      expect(result.files).toEqual([expect.objectContaining({ path, error: null })])
    })

    it('stays under a tenth of every reader limit', () => {
      const bytes = readBluePrismCorpusFile(path)
      expect(bytes.length).toBeLessThan(DEFAULT_BLUE_PRISM_LIMITS.maxBytes / 10)
      const root = readXmlTree(bytes, path, DEFAULT_BLUE_PRISM_LIMITS)
      let elements = 0
      let depth = 0
      let text = 0
      let attribute = 0
      let attributes = 0
      const walk = (element: XmlElement, level: number) => {
        elements++
        depth = Math.max(depth, level)
        text = Math.max(text, element.text.length)
        const values = Object.values(element.attributes)
        attributes = Math.max(attributes, values.length)
        for (const value of values) attribute = Math.max(attribute, value.length)
        for (const item of element.children) walk(item, level + 1)
      }
      walk(root, 1)
      expect(child(root, '__none__')).toBeUndefined()
      expect(elements).toBeLessThan(DEFAULT_BLUE_PRISM_LIMITS.maxElements / 10)
      expect(depth).toBeLessThan(DEFAULT_BLUE_PRISM_LIMITS.maxDepth / 10)
      expect(text).toBeLessThan(DEFAULT_BLUE_PRISM_LIMITS.maxTextChars / 10)
      expect(attribute).toBeLessThan(DEFAULT_BLUE_PRISM_LIMITS.maxAttributeValueChars / 10)
      expect(attributes).toBeLessThan(DEFAULT_BLUE_PRISM_LIMITS.maxAttributesPerElement / 10)
    })
  })
})
