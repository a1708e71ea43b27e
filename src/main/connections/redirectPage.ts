import { createHash } from 'node:crypto'
import { wordsFor } from './pageWords'
import type { FailureCode } from './redirectParams'

/** What the receiver writes back for a page request. */
export interface PageResponse {
  status: number
  headers: Record<string, string>
  body: string
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:30rem;margin:4rem auto;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:12px}
h1{font-size:1.35rem;margin:0 0 .75rem}p{color:#334155}.mark{font-size:2rem}
.ok .mark{color:#16a34a}.wait .mark{color:#2563eb}.bad .mark{color:#dc2626}a.button{display:inline-block;margin-top:1rem;padding:.6rem 1rem;
border-radius:8px;background:#0f172a;color:#fff;text-decoration:none}code{background:#f1f5f9;padding:.1rem .3rem;border-radius:4px}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}main{background:#1e293b;border-color:#334155}
p{color:#cbd5e1}code{background:#334155}a.button{background:#e2e8f0;color:#0f172a}}`
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64')

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** Only a plain web address is followed; anything else (javascript:, data:, junk) is dropped. */
export function safeFinalUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null
  } catch {
    return null
  }
}

function page(
  status: number,
  lang: string,
  tone: 'wait' | 'bad',
  title: string,
  paragraphs: string[],
  next: { url: string; label: string; hint: string } | null,
): PageResponse {
  // No scripts at all: the onward step is a meta refresh plus a link a person can press.
  const refresh = next ? `<meta http-equiv="refresh" content="3;url=${escapeHtml(next.url)}">` : ''
  const body = `<!doctype html><html lang="${lang}"${lang === 'ar' ? ' dir="rtl"' : ''}><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">${refresh}
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main class="${tone}">
<div class="mark" aria-hidden="true">${tone === 'wait' ? '…' : '!'}</div><h1>${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('')}${
  next
    ? `<p>${escapeHtml(next.hint)}</p><a class="button" href="${escapeHtml(next.url)}">${escapeHtml(next.label)}</a>`
    : ''
}</main></body></html>`
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
    body,
  }
}

/**
 * What the tenant sees after a success redirect. The redirect is not proof (its
 * URL can be typed), so the page thanks and says the connection is being
 * confirmed; it never claims a connection the API has not confirmed.
 */
export function successPage(language: string | null, number: string | null, finalUrl: string | null) {
  const { lang, words } = wordsFor(language)
  const next = safeFinalUrl(finalUrl)
  return page(
    200,
    lang,
    'wait',
    words.confirmingTitle,
    [
      number
        ? words
            .confirmingBody('\u0000')
            .split('\u0000')
            .map(escapeHtml)
            .join(`<code data-number>${escapeHtml(number)}</code>`)
        : escapeHtml(words.confirmingBody(null)),
      ...(next ? [] : [escapeHtml(words.close)]),
    ],
    next ? { url: next, label: words.continueLabel, hint: words.continueHint } : null,
  )
}

export function failurePage(language: string | null, code: FailureCode | null, finalUrl: string | null) {
  const { lang, words } = wordsFor(language)
  const next = safeFinalUrl(finalUrl)
  return page(
    200,
    lang,
    'bad',
    words.failedTitle,
    [escapeHtml(code ? words.failure[code] : words.unknownFailure)],
    next ? { url: next, label: words.continueLabel, hint: words.continueHint } : null,
  )
}

/** A redirect naming no link of this console: say so, change nothing, send nobody anywhere. */
export function unknownLinkPage(): PageResponse {
  const { lang, words } = wordsFor('en')
  return page(404, lang, 'bad', words.unknownLinkTitle, [escapeHtml(words.unknownLinkBody)], null)
}
