/**
 * What one uploaded archive may cost, as data. Every limit is checked from the central directory
 * before anything is inflated, and again while inflating (sizes in a zip header can lie), so a
 * refusal comes early and memory stays bounded by `maxSelectedBytes` plus one entry's buffer.
 */
export interface ArchiveLimits {
  /** Entries in the central directory (files and folders). A real UiPath project has tens to hundreds. */
  readonly maxEntries: number
  /** Declared uncompressed size of ALL entries together (selected or not): refuses honest zip bombs. */
  readonly maxTotalUncompressedBytes: number
  /** Uncompressed bytes of the entries we read (workflows, project.json), held in memory together. */
  readonly maxSelectedBytes: number
  /** One selected entry, uncompressed (the analyzer's own per-file limit). */
  readonly maxEntryBytes: number
  /**
   * Uncompressed/compressed ratio above which an entry counts as a bomb, once it is larger than
   * `ratioCheckFromBytes`. XAML compresses 5–20× in real projects (measured on the corpus); a
   * bomb compresses ~1000×.
   */
  readonly maxCompressionRatio: number
  readonly ratioCheckFromBytes: number
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = Object.freeze({
  maxEntries: 10_000,
  maxTotalUncompressedBytes: 512 * 1024 * 1024,
  maxSelectedBytes: 64 * 1024 * 1024,
  maxEntryBytes: 10 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioCheckFromBytes: 1024 * 1024,
})
