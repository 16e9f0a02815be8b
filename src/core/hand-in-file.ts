/**
 * A file or photo sent into a chat for a deadline: named by its caption ("xong H8", "H8, báo
 * cáo số 12/BC-TTKHCN ngày 20/9/2023") or sent as a reply to a message about the deadline.
 * Everything is checked before anything is kept: the chat's unit and its responsibility, the
 * name and declared size (before downloading), then the bytes. A refusal stores nothing.
 */
import { readCaption } from './caption.js';
import type { Catalog } from './catalog.js';
import type { CommandContext } from './command.js';
import { confirmTarget } from './confirm.js';
import type { Deadline } from './content.js';
import type { Day } from './dates.js';
import { shownName } from './file-text.js';
import { formOf } from './forms.js';
import { recordHandIn, MAX_REPORT_BYTES, type HandIn } from './hand-in.js';
import type { HandInFiles } from './hand-in-ports.js';
import type { MessageRefPort } from './ports.js';
import type { Attachment, Incoming, Outgoing } from './types.js';

/** Which deadline a file is for, as its caption or the message it answers says. */
export type Named = { d: Deadline; occurrence?: Day | undefined } | { unknown: string } | undefined;

/** The deadline a file's caption names (first known code), else the one of the message it replies to. */
export async function namedDeadline(incoming: Incoming, catalog: Catalog, messages: Pick<MessageRefPort, 'messageRef'>): Promise<Named> {
  const { codes } = readCaption(incoming.text);
  for (const code of codes) {
    const d = catalog.get(code);
    if (d) return { d };
  }
  if (incoming.replyTo !== undefined) {
    const ref = await messages.messageRef(incoming.chat, incoming.replyTo);
    const d = ref ? catalog.get(ref.deadline) : undefined;
    if (d && ref) return { d, occurrence: ref.occurrence };
  }
  // A code shaped like a deadline's ("H99") that names none.
  const shaped = codes.find((c) => /^[A-Z]{1,2}\d{1,4}$/.test(c));
  return shaped ? { unknown: shaped } : undefined;
}

/** Why a download failed, in words for people. */
function downloadFailure(name: string, error: unknown): string {
  const why = error instanceof Error && error.name === 'ImportError' ? error.message : 'lỗi mạng hoặc nền tảng không trả tệp.';
  // A platform's reason already says what to do ("…: hãy gửi lại tệp."): not asked twice.
  return `⚠️ Loa không tải được tệp “${shownName(name)}”: ${why} Chưa có gì được lưu${/gửi lại/.test(why) ? '.' : '; vui lòng gửi lại.'}`;
}

/** Hands in the attached file for `d` (checked at every step; nothing kept on a refusal). */
export async function handInFile(ctx: CommandContext, files: HandInFiles, d: Deadline, occurrence: Day | undefined, file: Attachment): Promise<Outgoing[]> {
  const target = await confirmTarget(ctx, d, occurrence, 'nộp báo cáo');
  if ('refusal' in target) return target.refusal;
  const declared = files.precheck(file.name || (file.photo ? 'anh.jpg' : ''), file.size, MAX_REPORT_BYTES);
  if (declared) return [{ text: `⚠️ ${declared}\nChưa có gì được lưu.` }];
  let bytes: Buffer;
  try {
    bytes = await file.read(MAX_REPORT_BYTES);
  } catch (error) {
    return [{ text: downloadFailure(file.name, error) }];
  }
  const checked = await files.inspect(file.name, bytes, file.photo === true);
  if ('refusal' in checked) return [{ text: `⚠️ ${checked.refusal}\nChưa có gì được lưu.` }];
  const input: HandIn = { file: { bytes, checked: checked.file } };
  const caption = readCaption(ctx.incoming.text);
  if (caption.report) input.report = caption.report;
  const form = formOf(d);
  if (form && (checked.file.ext === 'docx' || checked.file.ext === 'xlsx')) {
    const read = await files.readFormRows(bytes, checked.file.ext, form.columns);
    if ('rows' in read) input.form = { columns: [...form.columns], rows: read.rows };
    else input.note = `ℹ️ ${read.error} Tệp được lưu như báo cáo; đăng ký theo mẫu ${form.appendix} bằng /dangkyhd ${d.id} nếu cần.`;
  }
  return recordHandIn(ctx, d, target, input);
}
