/**
 * What units hand in for a deadline (report files, registration forms), where the files' bytes
 * live, the guided form conversations in progress, and one-time download links. The core names
 * no backend: lowdb keeps bytes in a content-addressed directory (`FILES_DIR`), PostgreSQL in the
 * database so every replica serves them.
 */
import type { OccurrenceKey, Person } from './records.js';
import type { ChatRef } from './types.js';

/** A file as recorded: its bytes are in the {@link FileStorePort} under `sha256`. */
export interface StoredFile {
  /** SHA-256 of the bytes, 64 lowercase hex characters: the bytes' key. */
  sha256: string;
  /** The name as sent, cleaned for display (no path, no control characters, at most 120 characters). */
  name: string;
  /** Bytes. */
  size: number;
  /** MIME type as read from the bytes (`application/pdf`, `image/jpeg`, …). */
  type: string;
}

/** Rows of a registration form, with the columns they were filled against. */
export interface FormRows {
  /** The form's columns when the rows were taken (a later edit of the form does not shift them). */
  columns: string[];
  /** One array per row, as long as `columns`; a skipped cell is ''. */
  rows: string[][];
}

/** One hand-in: a report file, a filled form, or both (a filled .docx/.xlsx read back into rows). */
export interface Submission extends OccurrenceKey {
  /** `N1`, `N2`, … in the order they were recorded. */
  id: string;
  unit: string;
  by: Person;
  /** The chat it came from (`channel:chatId`); `web` for the console. */
  chat: string;
  /** When (ISO). */
  at: string;
  file?: StoredFile | undefined;
  /** A report's number and date typed with it ("báo cáo số 12/BC-TTKHCN ngày 20/9/2023"). */
  report?: { number?: string | undefined; date?: string | undefined } | undefined;
  form?: FormRows | undefined;
}

export interface SubmissionPort {
  /** Records a hand-in (never replaces an earlier one); part of the unit of work it runs in. */
  addSubmission(input: Omit<Submission, 'id'>): Promise<Submission>;
  /** Hand-ins of these occurrences, oldest first. */
  submissionsOf(occurrences: readonly OccurrenceKey[]): Promise<Submission[]>;
  /** Hand-ins by id (`N3`); undefined when unknown. */
  submission(id: string): Promise<Submission | undefined>;
}

/** The bytes of stored files, by SHA-256. */
export interface FileStorePort {
  /**
   * Keeps `bytes` and returns their SHA-256 (hex). The same bytes twice are kept once. On
   * PostgreSQL this joins the unit of work it runs in; a directory writes at once (a file no
   * record names is harmless and is never served).
   */
  putFile(bytes: Buffer): Promise<string>;
  /** The bytes, or undefined when none are kept under that digest (a malformed digest included). */
  getFile(sha256: string): Promise<Buffer | undefined>;
}

/** A guided registration (`/dangkyhd H8`) in progress: one per person per chat. */
export interface FormSession extends OccurrenceKey {
  /** The chat (`channel:chatId`) and the person filling it. */
  chat: string;
  user: string;
  unit: string;
  /** Rows saved so far (each as long as `columns`). */
  rows: string[][];
  /** The row being filled: answers so far, in column order. */
  draft: string[];
  /** The column asked now (0-based), or -1 while the draft row is shown back for checking. */
  step: number;
  /** A single column being corrected: after it is answered, the row is shown back again. */
  editing?: boolean | undefined;
  /** The form's columns when the session started. */
  columns: string[];
  /** Last change (ISO); sessions older than a day are forgotten. */
  updatedAt: string;
}

export interface FormSessionPort {
  formSession(chat: ChatRef, user: string): Promise<FormSession | undefined>;
  /** Creates or replaces the session of (chat, user). */
  saveFormSession(session: FormSession): Promise<void>;
  /** Ends it (saved, cancelled); an unknown one is no error. */
  endFormSession(chat: ChatRef, user: string): Promise<void>;
}

/** What a one-time download link hands out: a stored file under a name. */
export interface DownloadGrant {
  sha256: string;
  name: string;
  type: string;
  /** Who the link was given to (for the audit log when it is used). */
  for: Person;
}

/** One-time download links (by the SHA-256 of their secret; every replica sees them). */
export interface DownloadLinkPort {
  issueDownload(linkHash: string, grant: DownloadGrant, expiresAt: Date): Promise<void>;
  /** The link's grant without taking it (the page before the download), or undefined when unknown, used, or expired at `now`. */
  peekDownload(linkHash: string, now: Date): Promise<DownloadGrant | undefined>;
  /** Takes the link once: its grant, or undefined when unknown, used, or expired at `now`. */
  takeDownload(linkHash: string, now: Date): Promise<DownloadGrant | undefined>;
}
