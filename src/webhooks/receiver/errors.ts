/** Errors the receiver library throws. Every one carries a stable `code` to branch on. */

export type WebhookVerificationErrorCode =
  | 'missing_headers'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature'
  | 'no_secret'

/** A delivery failed verification: answer 401 and do not act on the body. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError'
  constructor(
    readonly code: WebhookVerificationErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export type InvalidEventErrorCode = 'invalid_json' | 'invalid_envelope' | 'invalid_data'

/** The body is not a Flowcerta event envelope, or a known event's `data` does not match its schema. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError'
  constructor(
    readonly code: InvalidEventErrorCode,
    message: string,
    /** Where in the body the problem is, as a JSON pointer (`''` for the whole body). */
    readonly pointer = '',
  ) {
    super(message)
  }
}
