/** The package version, read once from package.json (the same file from src/ and dist/). */
import { readFileSync } from 'node:fs'

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

export const VERSION: string = packageJson.version
