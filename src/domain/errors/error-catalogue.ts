/**
 * The one catalogue of error codes clients can see. Codes are stable: clients branch on them, so
 * a code is never renamed or reused; messages may be improved. docs/errors.md is kept in step with
 * this list by a test. Later issues append their codes here.
 */
export const ERROR_CATALOGUE = Object.freeze({
  AUTH_REQUIRED: { status: 401, message: 'Send an API key as "Authorization: Bearer <key>".' },
  AUTH_INVALID: { status: 401, message: 'The API key is malformed, unknown or revoked.' },
  FORBIDDEN_ROLE: { status: 403, message: 'Your role does not allow this action.' },
  CSRF_INVALID: {
    status: 403,
    message: "A write with a session cookie needs the session's X-CSRF-Token header.",
  },
  NOT_FOUND: { status: 404, message: 'No such resource in your org.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the schema.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is larger than allowed.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'This content type is not accepted here.' },
  MULTIPART_INVALID: { status: 400, message: 'The multipart/form-data body or its boundary is malformed.' },
  USER_ROLE_CONFLICT: { status: 409, message: 'The user already exists with another role.' },
  UNSUPPORTED_PLATFORM: {
    status: 422,
    message: 'No supported platform for this file (UiPath, Power Automate and Blue Prism exports are).',
  },
  PLATFORM_MISMATCH: {
    status: 422,
    message: 'The platform given does not match the content of the file.',
  },
  MIXED_PLATFORMS: {
    status: 422,
    message:
      'The folder or archive holds workflows of more than one platform; submit each platform on its own.',
  },
  POLICY_PACK_PLATFORM_MISMATCH: {
    status: 422,
    message: "The policy pack is for another platform than the file's.",
  },
  BLUE_PRISM_PARSE_ERROR: { status: 422, message: 'The Blue Prism export is not well-formed XML.' },
  BLUE_PRISM_TOO_LARGE: { status: 413, message: 'The Blue Prism export is larger than allowed.' },
  BLUE_PRISM_TOO_DEEP: { status: 422, message: 'The Blue Prism export is nested deeper than allowed.' },
  BLUE_PRISM_DTD_FORBIDDEN: {
    status: 422,
    message: 'DOCTYPE and entity declarations are not accepted in Blue Prism exports.',
  },
  BLUE_PRISM_NOT_EXPORT: {
    status: 422,
    message: 'The file is XML but not a Blue Prism release, process or object.',
  },
  FLOW_JSON_INVALID: { status: 422, message: 'The Power Automate flow is not well-formed JSON.' },
  FLOW_JSON_DUPLICATE_KEY: {
    status: 422,
    message: 'The Power Automate flow names the same key twice in one object.',
  },
  FLOW_ENCODING_ERROR: { status: 422, message: 'The Power Automate flow is not valid UTF-8 or UTF-16 text.' },
  FLOW_TOO_LARGE: { status: 413, message: 'The Power Automate flow is larger than allowed.' },
  FLOW_TOO_DEEP: { status: 422, message: 'The Power Automate flow is nested deeper than allowed.' },
  FLOW_NOT_A_FLOW: {
    status: 422,
    message: 'The JSON is not a Power Automate cloud flow (no workflow definition with triggers or actions).',
  },
  XAML_PARSE_ERROR: { status: 422, message: 'The file is not well-formed XML.' },
  XAML_TOO_LARGE: { status: 413, message: 'The workflow file is larger than allowed.' },
  XAML_TOO_DEEP: { status: 422, message: 'The workflow file is nested deeper than allowed.' },
  XAML_TOO_COMPLEX: {
    status: 422,
    message: 'The workflow file is too complex to analyse within the server limits.',
  },
  XAML_DTD_FORBIDDEN: {
    status: 422,
    message: 'DOCTYPE and entity declarations are not accepted in workflow files.',
  },
  XAML_ENCODING_ERROR: { status: 422, message: 'The file is not valid UTF-8 or UTF-16 text.' },
  XAML_NOT_WORKFLOW: { status: 422, message: 'The file is XML but not a workflow.' },
  UNKNOWN_POLICY_PACK: { status: 422, message: 'No policy pack with this slug.' },
  UNKNOWN_RULE: { status: 422, message: 'No rule with this id.' },
  INVALID_EXPIRY: { status: 422, message: 'expiresAt must be in the future and at most 365 days away.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was used in the last 24 hours for a different request.',
  },
  INVALID_TRANSITION: { status: 409, message: 'The exception is not in a state that allows this action.' },
  RENEWAL_PENDING: {
    status: 409,
    message: 'The exception already has a pending renewal; an admin approves or rejects it first.',
  },
  NO_PENDING_RENEWAL: { status: 409, message: 'The exception has no pending renewal to approve or reject.' },
  INVALID_WEBHOOK_URL: {
    status: 422,
    message: 'The webhook URL must be an absolute https URL without credentials (http only where allowed).',
  },
  UNKNOWN_EVENT: { status: 422, message: 'No event type with this name (see GET /api/v1/event-types).' },
  WEBHOOK_DISABLED: {
    status: 409,
    message: 'The webhook is disabled; enable it before re-sending deliveries.',
  },
  WEBHOOK_DELETED: {
    status: 409,
    message: 'The webhook of this delivery was deleted; nothing can be re-sent to it.',
  },
  DELIVERY_PENDING: {
    status: 409,
    message: 'The delivery is still pending; it will be attempted without a redeliver.',
  },
  LAST_ADMIN_KEY: { status: 409, message: 'Revoking this key would leave the org without an admin key.' },
  RATE_LIMITED: { status: 429, message: 'Too many failed authentication attempts; try again later.' },
  NOT_READY: { status: 503, message: 'The service is not ready.' },
  ANALYSIS_BUSY: {
    status: 503,
    message: 'Every analysis thread is busy and the queue is full; try again after Retry-After seconds.',
  },
  ARCHIVE_INVALID: {
    status: 422,
    message: 'The archive is not a readable zip, or an entry in it is corrupt.',
  },
  ARCHIVE_UNSAFE_PATH: {
    status: 422,
    message:
      'An entry path in the archive is absolute, climbs out of it (..), or has a drive letter or control characters.',
  },
  ARCHIVE_INVALID_NAME: { status: 422, message: 'An entry name in the archive is not valid UTF-8.' },
  ARCHIVE_LINK: {
    status: 422,
    message: 'The archive holds a symbolic link or reparse point; links are not followed.',
  },
  ARCHIVE_ENCRYPTED: { status: 422, message: 'The archive holds an encrypted entry.' },
  ARCHIVE_DUPLICATE_ENTRY: { status: 422, message: 'Two entries in the archive have the same path.' },
  ARCHIVE_TOO_MANY_ENTRIES: { status: 413, message: 'The archive has more entries than allowed.' },
  ARCHIVE_TOO_LARGE: { status: 413, message: 'The archive inflates to more than allowed.' },
  ARCHIVE_COMPRESSION_RATIO: {
    status: 422,
    message: 'An entry in the archive compresses far more than real files do (a zip bomb).',
  },
  ARCHIVE_UNSUPPORTED_COMPRESSION: {
    status: 422,
    message: 'A workflow in the archive uses a compression method other than stored or deflate.',
  },
  ARCHIVE_NO_WORKFLOWS: { status: 422, message: 'The archive holds no workflow source to check.' },
  ARCHIVE_MULTIPLE_PROJECTS: {
    status: 422,
    message: 'The archive holds several projects side by side; submit one.',
  },
  INTERNAL_ERROR: {
    status: 500,
    message: 'The request failed on our side; the details are in the server log.',
  },
} as const satisfies Record<string, { status: number; message: string }>)

export type ErrorCode = keyof typeof ERROR_CATALOGUE

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, value)
}
