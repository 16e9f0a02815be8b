/**
 * The console's one style sheet, served as `/static/loa.css` (CSP `style-src 'self'`: no inline
 * style anywhere). Mobile first: one column at 390 px, the matrix scrolls sideways on its own.
 */
export const LOA_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d2433;background:#f4f6fa}
header{background:#a31d24;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header .brand{font-weight:700;font-size:1.1rem;color:#fff;text-decoration:none}
header nav{display:flex;gap:.8rem;flex-wrap:wrap}
header nav a{color:#fff}
header .who{margin-left:auto;display:flex;gap:.5rem;align-items:center;font-size:.9rem}
header form{margin:0}
button,.button{font:inherit;padding:.35rem .8rem;border-radius:.4rem;border:1px solid #8a1a20;background:#fff;color:#8a1a20;cursor:pointer}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .6rem}
.card{background:#fff;border:1px solid #dde2ec;border-radius:.5rem;padding:.8rem 1rem;margin:0 0 .8rem}
.card.overdue{border-left:.4rem solid #c62828}
.tag{display:inline-block;font-size:.8rem;padding:0 .45rem;border-radius:.3rem;background:#eef1f6;margin-right:.3rem}
.tag.overdue{background:#c62828;color:#fff}
.counts{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.9rem;margin:.3rem 0}
.bar{display:block;width:100%;height:12px;margin-top:.3rem}
.muted{color:#5b6478;font-size:.9rem}
.notice{background:#fff8e1;border:1px solid #f0d48a;border-radius:.5rem;padding:.8rem 1rem}
.error{background:#fdecea;border:1px solid #f5b7b1;border-radius:.5rem;padding:.8rem 1rem}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;max-width:100%}
select{font:inherit;padding:.3rem;max-width:100%}
form.stack{display:flex;flex-direction:column;gap:.7rem;max-width:32rem;background:#fff;border:1px solid #dde2ec;border-radius:.5rem;padding:1rem}
form.stack label{display:flex;flex-direction:column;font-size:.9rem;gap:.2rem}
input{font:inherit;padding:.35rem;max-width:100%}
nav a{margin-right:.8rem}
ul.hand-ins{margin:.3rem 0;padding-left:1.1rem}ul.hand-ins li{margin:.15rem 0;word-break:break-word}
table.audit{border-collapse:collapse;font-size:.9rem;background:#fff;width:100%}
table.audit th,table.audit td{border:1px solid #e3e7ef;padding:.3rem .5rem;text-align:left;vertical-align:top;word-break:break-word}
.scroll{overflow-x:auto;background:#fff;border:1px solid #dde2ec;border-radius:.5rem}
table.matrix{border-collapse:collapse;font-size:.9rem}
table.matrix th,table.matrix td{border:1px solid #e3e7ef;padding:.25rem .45rem;text-align:center;white-space:nowrap}
table.matrix th.unit{text-align:left;position:sticky;left:0;background:#fff;white-space:normal;min-width:9rem}
td.xong{background:#e3f4e6;color:#1b6b2a}
td.nhan{background:#e6eefc;color:#1c4f9c}
td.chua{background:#fff1e6;color:#9a4a00}
td.faded{opacity:.35}
td.none{background:#f7f7f7;color:#aaa}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;font-size:.9rem;margin:.5rem 0}
.legend span{padding:0 .4rem;border-radius:.3rem}
.legend .xong{background:#e3f4e6}.legend .nhan{background:#e6eefc}.legend .chua{background:#fff1e6}
nav.periods{display:flex;justify-content:space-between;gap:1rem;margin:.3rem 0 .8rem}
ol.history{padding-left:1.2rem}
ol.history li.step{margin:0 0 .7rem}
ol.history ul{margin:.3rem 0;padding-left:1rem;font-size:.9rem}
li.parked,li.pending,li.queued{color:#9a4a00}
li.undelivered,li.no-chat{color:#c62828}
li.skipped{color:#5b6478}
button.danger{background:#a31d24;color:#fff}
textarea{font:inherit;padding:.35rem;max-width:100%;min-height:4rem}
form.stack label.check{flex-direction:row;align-items:flex-start;gap:.5rem}
.tag.ended{background:#5b6478;color:#fff}
.tag.active{background:#e3f4e6;color:#1b6b2a}
.actions{display:flex;flex-wrap:wrap;gap:.4rem 1rem;margin:.4rem 0}.actions form{margin:0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;background:#fff;border:1px solid #dde2ec;border-radius:.5rem;padding:.8rem 1rem}
dl.facts dt{color:#5b6478}dl.facts dd{margin:0;word-break:break-word}
pre.source{white-space:pre-wrap;word-break:break-word;font:inherit;line-height:1.6;background:#fff;border:1px solid #dde2ec;border-radius:.5rem;padding:1rem;margin:0}
@media (max-width:480px){main{padding:.6rem}h1{font-size:1.2rem}header .who{margin-left:0}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.3rem}}
table.units{border-collapse:collapse;font-size:.9rem;width:100%}
table.units th,table.units td{border-bottom:1px solid #e3e7ef;padding:.35rem .5rem;text-align:left;vertical-align:top;word-break:break-word}
table.units tr.nochat td{background:#fffaf0}
table.units td.code{white-space:nowrap;word-break:normal}
.tag.warn{background:#fff1e6;color:#9a4a00}
fieldset{border:1px solid #dde2ec;border-radius:.4rem;display:flex;flex-direction:column;gap:.5rem}
form.filters label.check{flex-direction:row;gap:.3rem;align-items:center}
@media (max-width:600px){table.units thead{display:none}table.units tr{display:block;border-bottom:2px solid #dde2ec;padding:.3rem 0}table.units td{display:block;border:0;padding:.1rem .5rem}table.units td::before{content:attr(data-label) ": ";color:#5b6478;font-size:.85rem}dl.facts{grid-template-columns:1fr}}
.notice-text{white-space:pre-line;margin:.4rem 0;overflow-wrap:anywhere}
.choices{max-height:18rem;overflow-y:auto;border:1px solid #e3e7ef;border-radius:.4rem;padding:.3rem .5rem;margin-top:.3rem}
.charts{display:grid;gap:.8rem;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr))}
figure.chart-card{margin:0;background:#fff;border:1px solid #dde2ec;border-radius:.5rem;padding:.6rem .8rem}
svg.chart{display:block;width:100%;height:auto;margin:.3rem 0}
/* Plan review and edit (plan-review-page.ts, plan-edit-forms.ts). */
.ok{background:#e3f4e6;border:1px solid #a5d6a7;border-radius:.5rem;padding:.8rem 1rem}
button.primary{background:#a31d24;color:#fff}
form.inline{display:inline-block;margin:.3rem .3rem 0 0}
details{margin:.4rem 0}
details summary{cursor:pointer;color:#8a1a20}
fieldset.units{flex-direction:row;flex-wrap:wrap;gap:.2rem 1rem}
form.stack fieldset.units label{flex-direction:row;align-items:center;gap:.3rem}
.review{display:grid;gap:1rem;grid-template-columns:minmax(0,1fr)}
mark{background:#ffe58a;padding:0 .1rem}
mark:target,.card:target,li:target{outline:3px solid #a31d24}
a.ref{font-size:.75rem}
@media (min-width:960px){main:has(.review){max-width:110rem}.review{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}.review-source pre.source{position:sticky;top:.5rem;max-height:calc(100vh - 1rem);overflow:auto;font-size:.9rem}}
`;
