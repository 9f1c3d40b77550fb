/**
 * The dashboard's initial JavaScript per page, gzipped, from the build's manifest
 * (dist/web/.vite/manifest.json, written by `npm run build`).
 *
 * Initial JS of a page = the entry chunk and every chunk it imports statically, plus — for a page
 * the router loads lazily — that page's chunk and its static imports (minus what the entry already
 * brought). Chunks a page loads later with import() (uPlot for charts) are listed apart: they are
 * fetched after the page shows. Aim (issue 13): ≤ 150 KB gzipped for any page.
 *
 *   npm run build && npx tsx bench/dashboard-bundle-size.ts
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const WEB_DIST = path.join(ROOT, 'dist/web')
export const INITIAL_JS_AIM_BYTES = 150 * 1024

interface ManifestChunk {
  file: string
  src?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}
type Manifest = Record<string, ManifestChunk>

export interface PageBundle {
  /** `index.html` for the entry, else the lazily loaded module's source path. */
  name: string
  /** Files fetched before the page renders. */
  files: string[]
  jsGzipBytes: number
  cssGzipBytes: number
  /** Chunks fetched later by import() from these files, gzipped. */
  laterGzipBytes: number
}

function gzipSize(file: string): number {
  return zlib.gzipSync(fs.readFileSync(path.join(WEB_DIST, file)), { level: 9 }).length
}

/** The chunk's key and every key it imports statically, transitively. */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const imported of manifest[key]?.imports ?? []) staticClosure(manifest, imported, seen)
  return seen
}

export function measureDashboardBundles(): PageBundle[] {
  const manifestFile = path.join(WEB_DIST, '.vite/manifest.json')
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: run npm run build first`)
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry === true)
  if (entryKey === undefined) throw new Error('the manifest has no entry')
  const entry = staticClosure(manifest, entryKey)

  const measure = (name: string, keys: Set<string>): PageBundle => {
    const chunks = [...keys].map((key) => manifest[key] as ManifestChunk)
    const files = chunks.map((chunk) => chunk.file)
    const css = [...new Set(chunks.flatMap((chunk) => chunk.css ?? []))]
    const later = new Set<string>()
    for (const chunk of chunks) {
      for (const dynamic of chunk.dynamicImports ?? []) {
        // Lazily routed pages are measured as pages of their own below.
        if (isRoutedPage(manifest, dynamic)) continue
        for (const key of staticClosure(manifest, dynamic)) if (!keys.has(key)) later.add(key)
      }
    }
    return {
      name,
      files,
      jsGzipBytes: files.reduce((sum, file) => sum + gzipSize(file), 0),
      cssGzipBytes: css.reduce((sum, file) => sum + gzipSize(file), 0),
      laterGzipBytes: [...later].reduce(
        (sum, key) => sum + gzipSize((manifest[key] as ManifestChunk).file),
        0,
      ),
    }
  }

  const pages = [measure('every page (entry)', entry)]
  for (const key of Object.keys(manifest)) {
    if (!isRoutedPage(manifest, key)) continue
    pages.push(measure(key, new Set([...entry, ...staticClosure(manifest, key)])))
  }
  return pages
}

/** A lazily loaded page module (web/src/pages/…), as opposed to a library loaded on demand. */
function isRoutedPage(manifest: Manifest, key: string): boolean {
  return manifest[key]?.isDynamicEntry === true && /(^|\/)pages\//.test(key)
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const pages = measureDashboardBundles()
  console.log('| page | initial JS (gzip) | CSS (gzip) | loaded later by import() (gzip) | files |')
  console.log('|---|---|---|---|---|')
  for (const page of pages) {
    console.log(
      `| ${page.name} | ${kb(page.jsGzipBytes)} | ${kb(page.cssGzipBytes)} | ${kb(page.laterGzipBytes)} | ${page.files.length} |`,
    )
  }
  const worst = Math.max(...pages.map((page) => page.jsGzipBytes))
  console.log(`\nlargest initial JS: ${kb(worst)} (aim ≤ ${kb(INITIAL_JS_AIM_BYTES)})`)
  if (worst > INITIAL_JS_AIM_BYTES) process.exitCode = 1
}
