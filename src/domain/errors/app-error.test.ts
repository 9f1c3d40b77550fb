import { describe, expect, it } from 'vitest'
import { AppError } from './app-error.js'

describe('AppError details', () => {
  it('is a list of problems, empty when none is given', () => {
    expect(new AppError('NOT_FOUND').details).toEqual([])
    const error = new AppError('XAML_PARSE_ERROR', {
      details: [{ reason: 'unclosed tag', line: 4, column: 3 }],
    })
    expect(error.details).toEqual([{ reason: 'unclosed tag', line: 4, column: 3 }])
  })

  it('refuses any other shape at compile time (npm run typecheck fails if these stop being errors)', () => {
    // @ts-expect-error an object is not a list of problems
    const asObject = new AppError('INVALID_EXPIRY', { details: { field: 'body.expiresAt' } })
    // @ts-expect-error every problem says why
    const withoutReason = new AppError('INVALID_EXPIRY', { details: [{ field: 'body.expiresAt' }] })
    expect([asObject.code, withoutReason.code]).toEqual(['INVALID_EXPIRY', 'INVALID_EXPIRY'])
  })
})
