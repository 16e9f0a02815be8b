/**
 * On the Hạn page: what each unit handed in (files with a download for the signed-in person,
 * report numbers, rows of the form), and for a deadline with a registration form, the merged
 * table to download (.xlsx, .docx) and who has not sent theirs.
 */
import { html } from 'hono/html';
import type { Deadline } from '../../core/content.js';
import { formatDay, formatInstant, type Day } from '../../core/dates.js';
import { fileKind, formatBytes } from '../../core/file-text.js';
import type { MergedTable } from '../../core/hand-in-ports.js';
import type { Submission } from '../../core/submission-ports.js';
import { truncate } from '../../core/text.js';
import type { Html } from '../layout.js';
import { deadlinePath } from '../../core/web-links.js';

/** One unit's hand-ins, newest last, inside its card. */
export function unitHandIns(subs: readonly Submission[], unit: string, zone: string): Html {
  const mine = subs.filter((s) => s.unit === unit);
  if (!mine.length) return html``;
  return html`<ul class="hand-ins">${mine.map(
    (s) => html`<li data-submission="${s.id}">${s.file ? html`📎 <a href="/tep/${s.id}">${truncate(s.file.name, 120)}</a> · ${formatBytes(s.file.size)} · ${fileKind(s.file.type)}` : ''}${
      s.form ? html` 📝 ${s.form.rows.length} dòng đăng ký` : ''
    }${s.report?.number ? html` · báo cáo số ${s.report.number}` : ''}${s.report?.date ? html` ngày ${formatDay(s.report.date)}` : ''}
<span class="muted">— ${s.by.name}, ${formatInstant(s.at, zone)} (${s.id})</span></li>`,
  )}</ul>`;
}

/** The merged registrations of the occurrence (see `mergedTable`): downloads, counts and the rows as a table. */
export function mergedSection(d: Deadline, occurrence: Day, table: MergedTable | undefined): Html {
  if (!table) return html``;
  const base = `${deadlinePath(d.id, occurrence)}/tong-hop`;
  const { missing, rows } = table;
  return html`<section class="card" id="tong-hop"><h2>Tổng hợp đăng ký theo mẫu ${table.appendix}</h2>
<p>${truncate(table.formTitle, 300)}</p>
<p>Đã gửi: ${d.assignees.length - missing.length}/${d.assignees.length} đơn vị · ${rows.length} dòng.
<a class="button" href="${base}/xlsx">⬇️ Tải bảng tổng hợp (.xlsx)</a> <a class="button" href="${base}/docx">⬇️ Tải bảng tổng hợp (.docx)</a></p>
${missing.length ? html`<p class="muted">Chưa gửi (${missing.length}): ${missing.map((u) => `${u.name} (${u.code})`).join('; ')}</p>` : html`<p>Tất cả đơn vị đã gửi.</p>`}
${rows.length ? html`<div class="scroll"><table class="audit"><thead><tr><th>STT</th><th>Đơn vị</th>${table.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${rows.map((r, i) => html`<tr><td>${i + 1}</td><td>${r.unitName}</td>${table.columns.map((_, j) => html`<td>${truncate(r.values[j] ?? '', 300)}</td>`)}</tr>`)}</tbody></table></div>` : ''}
</section>`;
}
