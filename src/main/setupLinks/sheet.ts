import type { SetupLinkView } from '../../shared/setupLinks/link'
import { sheetText } from '../../shared/setupLinks/messages'

/**
 * The printable sheet: one A4 page per link with the customer's name, the QR,
 * the URL, the expiry and short instructions in the link's language. Self-
 * contained HTML (QR as a data: image, no scripts, nothing remote), printed or
 * turned into a PDF by the host's hidden window.
 */
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const STYLE = `@page{size:A4;margin:18mm}
body{font:12pt/1.5 system-ui,"Noto Sans","Noto Sans Devanagari","Noto Sans Arabic",sans-serif;color:#0f172a;margin:0}
.sheet{page-break-after:always;break-after:page;display:flex;flex-direction:column;align-items:center;text-align:center;gap:6mm}
.sheet:last-child{page-break-after:auto;break-after:auto}
h1{font-size:22pt;margin:0}
.qr{width:95mm;height:95mm;image-rendering:pixelated}
.url{font:11pt/1.4 ui-monospace,monospace;word-break:break-all;border:1px solid #cbd5e1;border-radius:6px;padding:3mm 4mm;max-width:160mm}
.expiry{font-weight:600}
ol{text-align:start;max-width:150mm;margin:0;padding-inline-start:7mm}
li{margin:1.5mm 0}
.muted{color:#475569}`

export function sheetHtml(links: ReadonlyArray<{ link: SetupLinkView; qrPng: string }>): string {
  const pages = links.map(({ link, qrPng }) => {
    const t = sheetText(link)
    return `<section class="sheet" lang="${t.lang}" dir="${t.dir}">
<h1>${escapeHtml(t.title)}</h1>
<p class="muted">${escapeHtml(t.scan)}</p>
<img class="qr" alt="" src="${qrPng}">
<p class="muted">${escapeHtml(t.orOpen)}</p>
<p class="url" dir="ltr">${escapeHtml(link.url)}</p>
<p class="expiry">${escapeHtml(t.expiry)}</p>
<ol>${t.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>
</section>`
  })
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Setup links</title><style>${STYLE}</style></head><body>${pages.join('\n')}</body></html>`
}
