import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import type { SetupLinkView } from '../../../../shared/setupLinks/link'
import { sheetText } from '../../../../shared/setupLinks/messages'
import { kapso } from '../../bridge'

/** One printed page: the same words and layout main prints in the app (see main/setupLinks/sheet.ts). */
function Sheet(props: { link: SetupLinkView; qr: string }) {
  const t = sheetText(props.link)
  return (
    <section className="print-sheet" lang={t.lang} dir={t.dir}>
      <h1>{t.title}</h1>
      <p className="print-sheet__muted">{t.scan}</p>
      <img className="print-sheet__qr" src={props.qr} alt="" />
      <p className="print-sheet__muted">{t.orOpen}</p>
      <p className="print-sheet__url" dir="ltr">
        {props.link.url}
      </p>
      <p className="print-sheet__expiry">{t.expiry}</p>
      <ol>
        {t.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
    </section>
  )
}

/**
 * Web preview only: the page prints through the browser's own print dialog
 * (which also offers "Save as PDF"), since there is no app window to print from.
 * The sheets are rendered into a print-only container, printed, and removed.
 */
export async function printInPage(links: SetupLinkView[]): Promise<void> {
  const sheets: Array<{ link: SetupLinkView; qr: string }> = []
  for (const link of links) {
    const qr = await kapso['setupLinks.qr']({ linkId: link.id })
    if (qr.ok) sheets.push({ link, qr: qr.data.png })
  }
  const host = document.createElement('div')
  host.className = 'print-root'
  document.body.append(host)
  const root = createRoot(host)
  flushSync(() => root.render(sheets.map((s) => <Sheet key={s.link.id} link={s.link} qr={s.qr} />)))
  await Promise.all([...host.querySelectorAll('img')].map((img) => img.decode().catch(() => {})))
  document.body.classList.add('is-printing')
  try {
    window.print()
  } finally {
    document.body.classList.remove('is-printing')
    root.unmount()
    host.remove()
  }
}
