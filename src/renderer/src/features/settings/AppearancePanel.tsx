import { type ThemePreference, useTheme } from '../../stores/theme'

const options: { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]

export function AppearancePanel() {
  const { preference, setPreference } = useTheme()
  return (
    <section className="panel" aria-labelledby="appearance-title">
      <header className="panel__header">
        <h2 id="appearance-title">Appearance</h2>
      </header>
      <fieldset className="segmented">
        <legend className="sr-only">Theme</legend>
        {options.map((o) => (
          <label
            key={o.value}
            className={preference === o.value ? 'segmented__item is-active' : 'segmented__item'}
          >
            <input
              type="radio"
              name="theme"
              value={o.value}
              checked={preference === o.value}
              onChange={() => setPreference(o.value)}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    </section>
  )
}
