/** Copies a folder tree (a corpus project into a temp folder the test may change). */
import fs from 'node:fs'
import path from 'node:path'

export function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true })
  for (const item of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, item.name)
    if (item.isDirectory()) copyTree(source, path.join(to, item.name))
    else fs.copyFileSync(source, path.join(to, item.name))
  }
}
