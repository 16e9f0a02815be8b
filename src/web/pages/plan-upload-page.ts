/**
 * Tải lên kế hoạch: the form that sends a plan file (.docx, .pdf, .txt, .md) to be read and reviewed
 * before it is published, with the reason when a file was refused.
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { MAX_IMPORT_BYTES } from '../../importer/files.js';
import { csrfField, page, type Html, type Viewer } from '../layout.js';

export function uploadPage(content: Content, viewer: Viewer, error?: string): Html {
  const form =
    viewer.role === 'admin'
      ? html`<form class="stack" method="post" action="/ke-hoach/tai-len" enctype="multipart/form-data">${csrfField(viewer.csrf)}
<label>Tệp kế hoạch (.docx, .pdf, .txt hoặc .md; tối đa ${MAX_IMPORT_BYTES / 1024 / 1024} MB)
<input type="file" name="file" required accept=".docx,.pdf,.txt,.md,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf,text/plain,text/markdown"></label>
<button type="submit">Tải lên và đọc</button></form>
<p class="muted">Loa đọc tệp, tìm các hạn, đơn vị và khẩu hiệu, rồi mở trang duyệt để bạn đối chiếu với văn bản gốc và sửa trước khi công bố. PDF phải có lớp chữ (bản xuất từ Word hoặc bản ký số); PDF ảnh quét thì không đọc được.</p>`
      : html`<p class="notice">Tài khoản chỉ xem không tải kế hoạch lên được.</p>`;
  return page({
    title: 'Tải lên kế hoạch',
    org: content.org.name,
    viewer,
    body: html`<h1>Tải lên kế hoạch</h1>
${error ? html`<div class="error" role="alert"><p>${error}</p></div>` : ''}
${form}
<p><a href="/ke-hoach">← Kế hoạch</a></p>`,
  });
}
