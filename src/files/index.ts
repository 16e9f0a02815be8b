/**
 * Handed-in files (issue 14): pure functions over bytes, no store and no channel. Everything a
 * file brings is hostile input; every refusal or error is a Vietnamese sentence naming the file,
 * shown as is, and nothing is kept when there is one.
 *
 * The engine and the web console take them as the core's `HandInFiles` port:
 * `createHandInFiles({ limit })` (hand-in-files.ts), given by the composition root.
 *
 * How a flow uses them:
 * 1. Before downloading an `Attachment`: `precheck(att.name, att.size, limit)`; a `Refusal` is
 *    answered with its `reason`, nothing is downloaded. Then `att.read(limit)`.
 * 2. On the bytes: `inspectFile(att.name, bytes, { limit, photo: att.photo })`. `{ ok: true, file }`
 *    gives the cleaned `name`, `size`, MIME `type`, `ext`, `kind` and `sha256` (a photo without a
 *    name is named `anh-<8 hex>.jpg`); `file` minus `ext`/`kind` is a `StoredFile` once
 *    `FileStorePort.putFile(bytes)` returned the same digest.
 * 3. A filled form (`file.ext` is 'docx' or 'xlsx' and the deadline has a form):
 *    `readFormRows(bytes, file.ext, form.columns, { appendix: form.appendix, name: file.name })`
 *    gives `{ rows }` aligned to the columns, or `{ error }`.
 * 4. The office's merged table: `mergedXlsx(input)` / `mergedDocx(input)` (see `MergedInput`).
 */
export { mergedDocx, mergedXlsx, type MergedInput } from './consolidate.js';
export { MAX_CELL_CHARS, MAX_FORM_ROWS, readFormRows, type FormRead, type FormReadOptions } from './form-read.js';
export { ACCEPTED, DEFAULT_FILE_LIMIT, inspectFile, precheck, type FileKind, type InspectOptions, type InspectedFile, type Inspection, type Refusal } from './inspect.js';
export { createHandInFiles, type HandInFilesOptions } from './hand-in-files.js';
export { cleanName } from './names.js';
