/**
 * Tests only: the zip writer under the names the tests use, and a bomb-maker. See zip-writer.ts.
 */
import zlib from 'node:zlib'

export { encodeZip as buildTestZip, type ZipEntrySpec as TestZipEntry } from './zip-writer.js'

/**
 * Deflate data that inflates to `bytes` zeros, made without deflating them: one sync-flushed
 * block of 1 MiB of zeros repeated (a sync flush ends on a byte boundary and later blocks refer
 * to nothing before it, so the copies concatenate into a valid stream), then a final empty block.
 */
export function deflatedZeros(bytes: number): Buffer {
  const mib = 1024 * 1024
  const block = zlib.deflateRawSync(Buffer.alloc(mib), {
    flush: zlib.constants.Z_SYNC_FLUSH,
    finishFlush: zlib.constants.Z_SYNC_FLUSH,
  })
  const copies = Math.ceil(bytes / mib)
  const end = Buffer.from([0x03, 0x00])
  return Buffer.concat([...Array.from({ length: copies }, () => block), end])
}
