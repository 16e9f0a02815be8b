/** The importer's one error: its message is Vietnamese, says what went wrong and what to do, and is shown as is. */
export class ImportError extends Error {
  override name = 'ImportError';
}
