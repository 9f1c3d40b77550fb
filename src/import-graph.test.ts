/**
 * The import graph of src/, read from the sources with a small scanner (no dependency): every
 * `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`, type-only ones
 * included (a type cycle still ties two modules together). Two rules of ARCHITECTURE.md:
 * - only src/store/ talks to a database driver (`pg`, `better-sqlite3`): every other module goes
 *   through the Store interface and its capabilities;
 * - the graph has no cycle.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = path.dirname(fileURLToPath(import.meta.url))
const ENGINE_DRIVERS = ['pg', 'better-sqlite3']

/** Every .ts file under src/, tests left out (they may reach into anything), relative paths. */
function sourceFiles(dir = SRC): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) files.push(...sourceFiles(full))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(full)
  }
  return files
}

// `from '…'` ends both static imports and re-exports; a bare `import '…'` and `import('…')` too.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g

/** The module specifiers a source imports, comments stripped first. */
function importedSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
  return [...code.matchAll(SPECIFIER)].map((match) => match[1] ?? '')
}

/** A package name from a bare specifier: `pg`, `@scope/name`, `node:fs` → as is minus subpaths. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

interface Graph {
  /** file (relative to src/) → the src files it imports. */
  edges: Map<string, string[]>
  /** file → the packages it imports. */
  packages: Map<string, string[]>
}

function readGraph(): Graph {
  const edges = new Map<string, string[]>()
  const packages = new Map<string, string[]>()
  for (const file of sourceFiles()) {
    const name = path.relative(SRC, file)
    const local: string[] = []
    const external: string[] = []
    for (const specifier of importedSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        local.push(path.relative(SRC, path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'))))
      } else {
        external.push(packageOf(specifier))
      }
    }
    edges.set(name, local)
    packages.set(name, external)
  }
  return { edges, packages }
}

/** The graph's cycles: its strongly connected components of more than one file, or a self-import. */
function cycles(edges: Map<string, string[]>): string[][] {
  let index = 0
  const indexOf = new Map<string, number>()
  const lowOf = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (node: string): void => {
    indexOf.set(node, index)
    lowOf.set(node, index)
    index++
    stack.push(node)
    onStack.add(node)
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue
      if (!indexOf.has(next)) {
        visit(next)
        lowOf.set(node, Math.min(lowOf.get(node)!, lowOf.get(next)!))
      } else if (onStack.has(next)) {
        lowOf.set(node, Math.min(lowOf.get(node)!, indexOf.get(next)!))
      }
    }
    if (lowOf.get(node) !== indexOf.get(node)) return
    const component: string[] = []
    for (;;) {
      const member = stack.pop()!
      onStack.delete(member)
      component.push(member)
      if (member === node) break
    }
    if (component.length > 1 || (edges.get(node) ?? []).includes(node)) found.push(component.sort())
  }
  for (const node of edges.keys()) if (!indexOf.has(node)) visit(node)
  return found
}

describe('the import graph of src/', () => {
  const graph = readGraph()

  it('reads every kind of import, and no commented-out one', () => {
    const source = [
      "import { a } from './a.js'",
      "import type { B } from '../b.js'",
      "export { c } from './c.js'",
      "export * from '@scope/pkg/sub'",
      "import 'side-effect'",
      "const lazy = await import('./lazy.js')",
      "// import { no } from 'commented'",
      "/* import { no } from 'block' */",
      "const url = 'http://example.test' // not an import",
    ].join('\n')
    expect(importedSpecifiers(source)).toEqual([
      './a.js',
      '../b.js',
      './c.js',
      '@scope/pkg/sub',
      'side-effect',
      './lazy.js',
    ])
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']])
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([])
  })

  it('found the sources and their imports', () => {
    expect(graph.edges.size).toBeGreaterThan(100)
    expect(graph.packages.get(path.join('store', 'postgres', 'postgres-store.ts'))).toContain('pg')
  })

  it('only src/store/ imports a database driver (pg, better-sqlite3)', () => {
    const leaks: string[] = []
    for (const [file, imported] of graph.packages) {
      if (file.startsWith(`store${path.sep}`)) continue
      for (const name of imported) if (ENGINE_DRIVERS.includes(name)) leaks.push(`${file} imports ${name}`)
    }
    expect(leaks).toEqual([])
  })

  it('has no cycle', () => {
    expect(cycles(graph.edges).map((cycle) => cycle.join(' ↔ '))).toEqual([])
  })
})
