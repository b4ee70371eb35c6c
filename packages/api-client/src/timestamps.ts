/**
 * The wire's timestamp rule, on its own (no zod): the schemas, the detail's event reader and the
 * summary's reader share it.
 */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`) that denotes a real instant. */
export function isIsoTimestamp(value: string): boolean {
  return ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}
