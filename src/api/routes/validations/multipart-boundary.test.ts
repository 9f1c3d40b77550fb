import { describe, expect, it } from 'vitest'
import { AppError } from '../../../domain/errors/app-error.js'
import { MAX_BOUNDARY_LENGTH, multipartBoundary } from './multipart-boundary.js'

function refusal(contentType: string | undefined): { code: string; details: unknown } {
  try {
    multipartBoundary(contentType)
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    const appError = error as AppError
    return { code: appError.code, details: appError.details }
  }
  throw new Error(`accepted: ${contentType}`)
}

describe('multipartBoundary', () => {
  it.each([
    ['multipart/form-data; boundary=----formdata-undici-012345678901', '----formdata-undici-012345678901'],
    ['multipart/form-data; charset=utf-8; BOUNDARY=abc', 'abc'],
    ['multipart/form-data;boundary="quoted with spaces"', 'quoted with spaces'],
    [`multipart/form-data; boundary=${'x'.repeat(MAX_BOUNDARY_LENGTH)}`, 'x'.repeat(MAX_BOUNDARY_LENGTH)],
    ["multipart/form-data; boundary=0aZ'()+_,-./:=?", "0aZ'()+_,-./:=?"],
  ])('%s → %s', (contentType, boundary) => {
    expect(multipartBoundary(contentType)).toBe(boundary)
  })

  it.each([
    [undefined, /no boundary/],
    ['multipart/form-data', /no boundary/],
    ['multipart/form-data; boundary =abc', /no boundary/],
    ['multipart/form-data; boundary=', /empty/],
    ['multipart/form-data; boundary=""', /empty/],
    ['multipart/form-data; boundary=a; boundary=b', /more than one/],
    [`multipart/form-data; boundary=${'x'.repeat(MAX_BOUNDARY_LENGTH + 1)}`, /71 characters/],
    ['multipart/form-data; boundary="ends in a space "', /may not contain/],
    ['multipart/form-data; boundary=un quoted', /may not contain/],
    ['multipart/form-data; boundary="a;b"', /may not contain/],
    ['multipart/form-data; boundary="a\\"b"', /may not contain/],
    ['multipart/form-data; boundary=a\u0000b', /may not contain/],
  ])('%s → MULTIPART_INVALID naming the header', (contentType, reason) => {
    const { code, details } = refusal(contentType)
    expect(code).toBe('MULTIPART_INVALID')
    expect(details).toEqual([{ field: 'headers.content-type', reason: expect.stringMatching(reason) }])
  })
})
