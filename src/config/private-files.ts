/**
 * The data folder holds the database, the master key and (once) the first admin key, so only the
 * user running Flowcerta may read it: folders we create are 0700 and files we create 0600,
 * whatever the umask (the mode is set with chmod after creation, not left to `mode & ~umask`).
 *
 * Folders and files that already exist keep their modes — an operator may have chosen them (a
 * backup group, say) — but looseModes() lists those that others can read, for a warning at start.
 */
import fs from 'node:fs'
import path from 'node:path'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Creates `dir` and its missing parents as 0700; an existing folder is left as it is. */
export function ensurePrivateDir(dir: string): void {
  const target = path.resolve(dir)
  const firstCreated = fs.mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (firstCreated === undefined) return
  // Every level from the first one created down to `target` is ours to set.
  const stop = path.dirname(firstCreated)
  for (let current = target; current !== stop; current = path.dirname(current)) {
    fs.chmodSync(current, PRIVATE_DIR_MODE)
  }
}

/**
 * Writes a new file as 0600 (its folder made private if missing). `wx`: fails with EEXIST when
 * the file is there, and never follows a symlink planted at its name.
 */
export function writePrivateFile(file: string, content: string): void {
  ensurePrivateDir(path.dirname(file))
  const fd = fs.openSync(file, 'wx', PRIVATE_FILE_MODE)
  try {
    fs.fchmodSync(fd, PRIVATE_FILE_MODE)
    fs.writeFileSync(fd, content)
  } finally {
    fs.closeSync(fd)
  }
}

/** Creates an empty 0600 file unless one exists (SQLite then gives its -wal and -shm that mode). */
export function createPrivateFileIfMissing(file: string): void {
  try {
    writePrivateFile(file, '')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

export interface LooseMode {
  path: string
  /** Octal, e.g. "0644". */
  mode: string
}

/** The given paths that exist and that group or others may access (missing ones are skipped). */
export function looseModes(paths: readonly string[]): LooseMode[] {
  const loose: LooseMode[] = []
  for (const file of paths) {
    let mode: number
    try {
      mode = fs.statSync(file).mode & 0o777
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    if ((mode & 0o077) !== 0) loose.push({ path: file, mode: `0${mode.toString(8).padStart(3, '0')}` })
  }
  return loose
}
