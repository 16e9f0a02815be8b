/** Xuất báo cáo: the form that asks for an XLSX or CSV of confirmations by plan, deadline or period. */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { truncate } from '../../core/text.js';
import { page, type Html, type Viewer } from '../layout.js';

export function exportPage(content: Content, viewer: Viewer, error?: string): Html {
  const plans = content.plans.filter((p) => p.deadlines.length > 0);
  return page({
    title: 'Xuất báo cáo',
    org: content.org.name,
    viewer,
    body: html`<h1>Xuất báo cáo</h1>
<p class="muted">Bảng xác nhận theo kế hoạch, theo hạn hoặc theo khoảng thời gian: mỗi đơn vị một dòng cho mỗi kỳ hạn, với trạng thái, người xác nhận, thời gian và kênh; kèm trang tổng hợp theo đơn vị.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="get" action="/xuat/tai" class="stack">
  <label>Kế hoạch
    <select name="plan"><option value="">Tất cả kế hoạch</option>${plans.map((p) => html`<option value="${p.id}">${truncate(p.title, 120)}</option>`)}</select>
  </label>
  <label>Mã hạn (không bắt buộc) <input name="deadline" placeholder="vd H8" maxlength="20"></label>
  <label>Từ ngày <input name="from" placeholder="dd/mm/yyyy" maxlength="10"></label>
  <label>Đến ngày <input name="to" placeholder="dd/mm/yyyy" maxlength="10"></label>
  <label>Định dạng
    <select name="format"><option value="xlsx">Excel (XLSX)</option><option value="csv">CSV</option></select>
  </label>
  <button type="submit">Tải về</button>
</form>`,
  });
}
