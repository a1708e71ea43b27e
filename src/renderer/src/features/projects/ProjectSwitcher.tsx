import { useEffect, useRef, useState } from 'react'
import { useNavigation } from '../../stores/navigation'
import { useNotices } from '../../stores/notices'
import { EnvBadge } from './EnvBadge'
import { useActiveProject, useProjects } from './useProjects'

const menuItems = (menu: HTMLElement | null) => [
  ...(menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []),
]

/** Always shows the active project and its environment colour; switching is a click or a few keys. */
export function ProjectSwitcher() {
  const active = useActiveProject()
  const list = useProjects((s) => s.list)
  const activate = useProjects((s) => s.activate)
  const go = useNavigation((s) => s.go)
  const push = useNotices((s) => s.push)
  const [open, setOpen] = useState(false)
  const menuRef = useRef<HTMLDivElement>(null)
  const projects = list?.projects ?? []

  const items = () => menuItems(menuRef.current)
  useEffect(() => {
    if (!open) return
    const all = menuItems(menuRef.current)
    ;(all.find((b) => b.dataset.active === 'true') ?? all[0])?.focus()
  }, [open])

  const choose = async (id: string) => {
    setOpen(false)
    const error = await activate(id)
    if (error) push({ level: 'error', title: 'Could not switch project', detail: error.message })
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    const all = items()
    const at = all.indexOf(document.activeElement as HTMLButtonElement)
    if (e.key === 'ArrowDown') all[Math.min(at + 1, all.length - 1)]?.focus()
    else if (e.key === 'ArrowUp') all[Math.max(at - 1, 0)]?.focus()
    else if (e.key === 'Escape') setOpen(false)
    else return
    e.preventDefault()
  }

  return (
    <div className="project-switcher-wrap">
      <button
        type="button"
        className={`project-switcher project-switcher--${active?.environment ?? 'sandbox'}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {active ? <EnvBadge environment={active.environment} /> : <span className="env-badge">…</span>}
        <span className="project-switcher__name" data-testid="active-project">
          {active?.name ?? 'Loading…'}
        </span>
        <span aria-hidden="true" className="project-switcher__chevron">
          ▾
        </span>
      </button>
      {open && (
        <div
          ref={menuRef}
          className="switcher-menu"
          role="menu"
          aria-label="Projects"
          tabIndex={-1}
          onKeyDown={onKeyDown}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node)) setOpen(false)
          }}
        >
          {projects.map((p) => (
            <button
              type="button"
              key={p.id}
              role="menuitem"
              data-active={p.id === active?.id}
              className="switcher-menu__item"
              onClick={() => void choose(p.id)}
            >
              <EnvBadge environment={p.environment} /> {p.name}
              {p.id === active?.id && <span className="switcher-menu__check">✓</span>}
            </button>
          ))}
          <button
            type="button"
            role="menuitem"
            className="switcher-menu__item switcher-menu__manage"
            onClick={() => {
              setOpen(false)
              go('settings')
            }}
          >
            Manage projects…
          </button>
        </div>
      )}
    </div>
  )
}
