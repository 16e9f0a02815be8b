/**
 * The page frame: head, header (navigation, who is signed in, sign-out) and main. Every value
 * goes through hono/html's `html` template, which escapes it; nothing here is raw text.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The signed-in person as the header shows them, and the CSRF token of their forms. */
export interface Viewer {
  name: string;
  role: 'admin' | 'viewer';
  csrf: string;
}

/** The hidden CSRF field every form of a signed-in page carries. */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

export function page(options: { title: string; org: string; viewer?: Viewer | undefined; body: Html }): Html {
  const { title, org, viewer, body } = options;
  const header = viewer
    ? html`<nav><a href="/tong-quan">Tổng quan</a> <a href="/ke-hoach">Kế hoạch</a> <a href="/don-vi">Đơn vị</a> <a href="/thong-bao">Thông báo</a> <a href="/xuat">Xuất báo cáo</a> <a href="/nhat-ky">Nhật ký</a></nav>
        <div class="who">
          <span>${viewer.name} · ${viewer.role === 'admin' ? 'Quản trị' : 'Chỉ xem'}</span>
          <form method="post" action="/thoat">${csrfField(viewer.csrf)}<button type="submit">Đăng xuất</button></form>
        </div>`
    : '';
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Loa</title>
<link rel="stylesheet" href="/static/loa.css">
</head>
<body>
<header><a class="brand" href="/">📢 Loa · ${org}</a>${header}</header>
<main>
${body}
</main>
</body>
</html>`;
}
