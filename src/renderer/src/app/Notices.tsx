import { useEffect } from 'react'
import type { Notice } from '../../../shared/app/notice'
import { kapso } from '../bridge'
import { useNotices } from '../stores/notices'

export function Notices() {
  const { notices, push, dismiss } = useNotices()
  useEffect(() => kapso.on('app.notice', (items: Notice[]) => items.forEach(push)), [push])
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice--${n.level}`}
          role={n.level === 'error' ? 'alert' : 'status'}
        >
          <div>
            <strong>{n.title}</strong>
            {n.detail && <p>{n.detail}</p>}
          </div>
          <button type="button" className="notice__close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
