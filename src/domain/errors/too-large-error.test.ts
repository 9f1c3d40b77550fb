import { describe, expect, it } from 'vitest'
import { describeBytes, tooLargeError } from './too-large-error.js'

describe('describeBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1024, '1024 bytes (1 KiB)'],
    [64 * 1024, '65536 bytes (64 KiB)'],
    [1536, '1536 bytes (1.5 KiB)'],
    [10 * 1024 * 1024, '10485760 bytes (10 MiB)'],
    [14_046_891, '14046891 bytes (13.4 MiB)'],
  ])('%d → %s', (bytes, text) => {
    expect(describeBytes(bytes)).toBe(text)
  })
})

describe('tooLargeError', () => {
  it('names the field and the limit in the message and in details', () => {
    const error = tooLargeError('XAML_TOO_LARGE', 'body.contentBase64', 1024, ' once decoded')
    expect(error.status).toBe(413)
    expect(error.message).toBe('body.contentBase64 is larger than 1024 bytes (1 KiB) once decoded')
    expect(error.details).toEqual([
      {
        field: 'body.contentBase64',
        reason: 'is larger than 1024 bytes (1 KiB) once decoded',
        limitBytes: 1024,
      },
    ])
  })
})
