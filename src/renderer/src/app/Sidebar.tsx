import { sections, useNavigation } from '../stores/navigation'
import { Icons } from '../ui/Icons'

const isMac = navigator.platform.toLowerCase().includes('mac')

export function Sidebar() {
  const { section, go } = useNavigation()
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="project-switcher" title="Project profiles arrive with the projects feature">
        <span className="env-badge env-badge--sandbox">sandbox</span>
        <span className="project-switcher__name" data-testid="active-project">
          Sandbox
        </span>
      </div>
      <ul className="sidebar__list">
        {sections.map((s) => {
          const Icon = Icons[s.id]
          return (
            <li key={s.id}>
              <button
                type="button"
                className={section === s.id ? 'sidebar__item is-active' : 'sidebar__item'}
                aria-current={section === s.id ? 'page' : undefined}
                onClick={() => go(s.id)}
              >
                <Icon />
                <span>{s.label}</span>
                <kbd className="sidebar__kbd">
                  {isMac ? '⌘' : 'Ctrl+'}
                  {s.shortcut}
                </kbd>
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
