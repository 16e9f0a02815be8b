/**
 * Thông báo: the notices sent (from chat `/thongbao` and from here), newest first, each with its
 * units, its progress and a link to its Hạn page; above them, for admins, the form to send one.
 */
import { html } from 'hono/html';
import type { UnitStatus } from '../../core/confirmation-book.js';
import type { Content } from '../../core/content.js';
import { formatDay, formatDayLong, formatInstant, type Day } from '../../core/dates.js';
import type { Announcement } from '../../core/records.js';
import { truncate } from '../../core/text.js';
import { page, type Html, type Viewer } from '../layout.js';
import type { NoticeFormValues } from '../notice-input.js';
import { deadlinePath } from './deadline-page.js';
import { noticeForm } from './notice-form.js';
import { bar } from './overview.js';

/** One notice as listed: the announcement, its occurrence and each state's count. */
export interface NoticeItem {
  announcement: Announcement;
  occurrence: Day;
  counts: Record<UnitStatus, number>;
}

export interface NoticesView {
  items: NoticeItem[];
  /** The page of the list (1-based), how many pages, how many notices in all. */
  page: number;
  pages: number;
  total: number;
  zone: string;
  /** A line after a change (green), or the reason a form was refused (red). */
  flash?: string | undefined;
  error?: string | undefined;
  /** The form's values (admins only). */
  form?: NoticeFormValues | undefined;
}

function unitsLine(content: Content, units: readonly string[]): string {
  if (units.length === content.org.units.length && units.length > 1) return `tất cả ${units.length} đơn vị`;
  const shown = units.slice(0, 12).join(', ');
  return units.length > 12 ? `${shown} và ${units.length - 12} đơn vị khác` : shown;
}

function item(content: Content, i: NoticeItem, zone: string): Html {
  const a = i.announcement;
  const total = a.units.length;
  const { xong, nhan, chua } = i.counts;
  const progress = a.due
    ? html`<div class="counts"><span>✔️ hoàn thành: ${xong}/${total}</span><span>✅ đã nhận: ${nhan}</span><span>• chưa: ${chua}</span></div>`
    : html`<div class="counts"><span>✅ đã nhận: ${xong + nhan}/${total}</span><span>• chưa: ${chua}</span></div>`;
  return html`<section class="card" data-notice="${a.id}">
<div><a href="${deadlinePath(a.id, i.occurrence)}"><span class="tag">${a.id}</span><strong>${a.due ? `Hạn ${formatDayLong(a.due)}` : 'Không có hạn (chỉ cần xác nhận đã nhận)'}</strong></a></div>
<p class="notice-text">${truncate(a.text, 600)}</p>
<div class="muted">Gửi ${formatInstant(a.at, zone)} · ${a.by.name} · tới ${unitsLine(content, a.units)}</div>
${progress}
${bar(i.counts)}
</section>`;
}

function pager(v: NoticesView): Html {
  if (v.pages <= 1) return html``;
  const href = (n: number) => (n > 1 ? `/thong-bao?trang=${n}` : '/thong-bao');
  return html`<p class="pager">Trang ${v.page}/${v.pages}${v.page > 1 ? html` <a href="${href(v.page - 1)}">« Mới hơn</a>` : ''}${
    v.page < v.pages ? html` <a href="${href(v.page + 1)}">Cũ hơn »</a>` : ''
  }</p>`;
}

export function noticesPage(content: Content, v: NoticesView, viewer: Viewer, today: Day): Html {
  const form = viewer.role === 'admin' && v.form ? html`<h2>Gửi thông báo mới</h2>${noticeForm(content, v.form, viewer.csrf)}` : '';
  return page({
    title: 'Thông báo',
    org: content.org.name,
    viewer,
    body: html`<h1>Thông báo · ${formatDay(today)}</h1>
${v.flash ? html`<div class="notice" role="status"><p>${v.flash}</p></div>` : ''}
${v.error ? html`<div class="error" role="alert"><p>${v.error}</p></div>` : ''}
${form}
<h2>Thông báo đã gửi (${v.total})</h2>
${v.items.length ? v.items.map((i) => item(content, i, v.zone)) : html`<p class="muted">Chưa có thông báo nào.</p>`}
${pager(v)}`,
  });
}
