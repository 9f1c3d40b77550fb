/**
 * Writes zip archives (deflate through zlib; nothing here inflates). `zipFiles` is what the CLI
 * uses to send a project folder to a server. `encodeZip` takes every header field as data so the
 * tests can also build the malformed and hostile archives no zip library would (traversal
 * names, links, encrypted flags, lying sizes, 100,000 entries) that the reader must refuse;
 * production code passes names and data only.
 */
import zlib from 'node:zlib'

export interface ZipEntrySpec {
  /** The name as stored (a Buffer for names that are not valid UTF-8). */
  readonly name: string | Buffer
  readonly data?: Buffer | string
  /** 0 = stored, 8 = deflate (default), anything else is written as given with the data stored. */
  readonly method?: number
  /** Extra general-purpose flags (bit 0 = encrypted). */
  readonly flags?: number
  /** `host << 8 | version`; default MS-DOS host. Unix (3) makes the high external-attribute bits a mode. */
  readonly versionMadeBy?: number
  readonly externalAttributes?: number
  /** Already-compressed bytes (with `uncompressedSize`): for bombs built without inflating them here. */
  readonly compressed?: Buffer
  readonly uncompressedSize?: number
  /** Write this uncompressed size in the headers instead of the real one (a lying header). */
  readonly declaredSize?: number
}

const U16_MAX = 0xffff

function u16(value: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(value)
  return b
}
function u32(value: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(value >>> 0)
  return b
}
function u64(value: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(value))
  return b
}

/** A zip archive of `entries`, with a ZIP64 end record when there are more than 65,535. */
export function encodeZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name
    const raw = entry.data === undefined ? Buffer.alloc(0) : Buffer.from(entry.data)
    const method = entry.method ?? 8
    const body = entry.compressed ?? (method === 8 ? zlib.deflateRawSync(raw) : raw)
    const realSize = entry.uncompressedSize ?? raw.length
    const size = entry.declaredSize ?? realSize
    const crc = entry.compressed === undefined ? zlib.crc32(raw) : 0
    const utf8Flag = typeof entry.name === 'string' ? 0x800 : 0
    const flags = utf8Flag | (entry.flags ?? 0)
    const common = Buffer.concat([
      u16(flags),
      u16(method),
      u16(0), // time
      u16(0x21), // date: 1980-01-01
      u32(crc),
      u32(body.length),
      u32(size),
      u16(name.length),
      u16(0), // extra length
    ])
    const local = Buffer.concat([u32(0x04034b50), u16(20), common, name, body])
    const central = Buffer.concat([
      u32(0x02014b50),
      u16(entry.versionMadeBy ?? 20),
      u16(20),
      common,
      u16(0), // comment length
      u16(0), // disk
      u16(0), // internal attributes
      u32(entry.externalAttributes ?? 0),
      u32(offset),
      name,
    ])
    locals.push(local)
    centrals.push(central)
    offset += local.length
  }
  const directory = Buffer.concat(centrals)
  const parts = [...locals, directory]
  const count = entries.length
  if (count > U16_MAX) {
    const zip64EndOffset = offset + directory.length
    parts.push(
      Buffer.concat([
        u32(0x06064b50),
        u64(44),
        u16(45),
        u16(45),
        u32(0),
        u32(0),
        u64(count),
        u64(count),
        u64(directory.length),
        u64(offset),
      ]),
      Buffer.concat([u32(0x07064b50), u32(0), u64(zip64EndOffset), u32(1)]),
    )
  }
  const shortCount = Math.min(count, U16_MAX)
  parts.push(
    Buffer.concat([
      u32(0x06054b50),
      u16(0),
      u16(0),
      u16(shortCount),
      u16(shortCount),
      u32(directory.length),
      u32(count > U16_MAX ? 0xffffffff : offset),
      u16(0),
    ]),
  )
  return Buffer.concat(parts)
}

/** A plain zip of files (paths `/`-separated, UTF-8 names, deflated). */
export function zipFiles(files: ReadonlyArray<{ readonly path: string; readonly content: Buffer }>): Buffer {
  return encodeZip(files.map((file) => ({ name: file.path, data: file.content })))
}
