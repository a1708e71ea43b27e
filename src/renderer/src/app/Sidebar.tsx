import { ProjectSwitcher } from '../features/projects/ProjectSwitcher'
import { sections, useNavigation } from '../stores/navigation'
import { Icons } from '../ui/Icons'

const isMac = navigator.platform.toLowerCase().includes('mac')

export function Sidebar() {
  const { section, go } = useNavigation()
  return (
    <nav className="sidebar" aria-label="Sections">
      <ProjectSwitcher />
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
