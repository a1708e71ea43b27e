import { useState } from 'react'
import type { LinkContext } from '../../../../shared/setupLinks/link'
import {
  defaultSetupLinkOptions,
  HEX_COLOUR,
  languageChoices,
  languageNames,
  optionProblems,
  phoneDigits,
  reconnectProblems,
  type SetupLinkOptions,
  themeDefaults,
  themeKeys,
} from '../../../../shared/setupLinks/options'
import { kapso } from '../../bridge'
import { Field } from '../../ui/Field'
import { useSetupLinks } from './useSetupLinks'

/** Form state: what the person typed. Language and countries stay text until checked, so a wrong value can be shown. */
interface Draft {
  options: SetupLinkOptions
  language: string
  countries: string
  origins: string
  theme: Record<string, string>
}

const toDraft = (o: SetupLinkOptions): Draft => ({
  options: o,
  language: o.language,
  countries: o.phone_number_country_isos.join(', '),
  origins: o.allowed_origins.join('\n'),
  theme: { ...o.theme_config },
})

/** The draft as the shared schema sees it: exactly what would be sent. */
function fromDraft(d: Draft): Record<string, unknown> {
  const split = (s: string, by: RegExp) =>
    s
      .split(by)
      .map((x) => x.trim())
      .filter(Boolean)
  return {
    ...d.options,
    language: d.language.trim(),
    phone_number_country_isos: split(d.countries, /[,\s]+/),
    allowed_origins: split(d.origins, /\n+/),
    theme_config: Object.fromEntries(Object.entries(d.theme).filter(([, v]) => v.trim() !== '')),
  }
}

const themeLabel = (key: string) => key.replace(/_color$/, '').replace(/_/g, ' ')

/**
 * Every create option of the reference, checked as it is typed with the same
 * schema main uses, the reason shown next to the field. Reconnect picks one of
 * the customer's numbers and forces provisioning off and the number's type.
 */
export function SetupLinkForm(props: {
  context: LinkContext
  busy: boolean
  serverFields: Record<string, string[]>
  onSubmit(options: SetupLinkOptions): void
  onCancel(): void
}) {
  const presets = useSetupLinks((s) => s.presets)
  const setPresets = useSetupLinks((s) => s.setPresets)
  const initialPreset = presets.find((p) => p.isDefault) ?? null
  const [presetId, setPresetId] = useState<number | null>(initialPreset?.id ?? null)
  const [draft, setDraft] = useState<Draft>(() =>
    toDraft(initialPreset?.options ?? defaultSetupLinkOptions()),
  )
  const [submitted, setSubmitted] = useState(false)
  const [touched, setTouched] = useState<Set<string>>(new Set())
  const [presetName, setPresetName] = useState('')
  const [presetDefault, setPresetDefault] = useState(false)
  const [presetMessage, setPresetMessage] = useState<string | null>(null)

  const candidate = fromDraft(draft)
  const problems = {
    ...reconnectProblems(draft.options, props.context.numbers),
    ...optionProblems(candidate),
  }
  const serverProblems = Object.fromEntries(
    Object.entries(props.serverFields).map(([k, v]) => [k.replace(/^options\./, ''), v]),
  )
  const errorFor = (...keys: string[]) => {
    for (const key of keys) {
      const found = Object.entries({ ...serverProblems, ...problems }).find(
        ([k]) => k === key || k.startsWith(`${key}.`),
      )
      if (found && (submitted || touched.has(key))) return found[1][0]
    }
    return undefined
  }
  const touch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)))
  const set = (patch: Partial<SetupLinkOptions>) =>
    setDraft((d) => ({ ...d, options: { ...d.options, ...patch } }))

  const pickPreset = (id: number | null) => {
    setPresetId(id)
    const preset = presets.find((p) => p.id === id)
    setDraft(toDraft(preset?.options ?? defaultSetupLinkOptions()))
    setTouched(new Set())
  }

  const pickReconnect = (value: string) => {
    touch('reconnect_phone_number')
    const digits = phoneDigits(value)
    const number = props.context.numbers.find((n) => n.digits === digits)
    set({
      reconnect_phone_number: value,
      ...(value ? { provision_phone_number: false, phone_number_area_code: '' } : {}),
      ...(number?.connectionType ? { allowed_connection_types: [number.connectionType] } : {}),
    })
  }
  const reconnecting = draft.options.reconnect_phone_number.trim() !== ''
  const lockedType = props.context.numbers.find(
    (n) => n.digits === phoneDigits(draft.options.reconnect_phone_number),
  )?.connectionType

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (Object.keys(problems).length) {
      requestAnimationFrame(() =>
        document
          .querySelector<HTMLElement>('.setup-form .field--invalid input, .setup-form .field--invalid select')
          ?.focus(),
      )
      return
    }
    props.onSubmit(candidate as SetupLinkOptions)
  }

  const savePreset = async () => {
    setPresetMessage(null)
    const result = await kapso['setupLinks.savePreset']({
      name: presetName,
      options: candidate,
      makeDefault: presetDefault,
    })
    if (!result.ok) {
      setPresetMessage(Object.values(result.error.fields ?? {})[0]?.[0] ?? result.error.message)
      return
    }
    setPresets(result.data)
    setPresetId(result.data.find((p) => p.name.toLowerCase() === presetName.trim().toLowerCase())?.id ?? null)
    setPresetMessage(`Saved “${presetName.trim()}”.`)
    setPresetName('')
  }

  const setDefault = async (id: number | null) => {
    const result = await kapso['setupLinks.setDefaultPreset']({ id })
    if (result.ok) setPresets(result.data)
  }

  const current = presets.find((p) => p.id === presetId)
  return (
    <form className="form setup-form" onSubmit={submit} noValidate aria-label="New setup link">
      <section className="setup-form__presets">
        <Field id="sl-preset" label="Preset">
          <div className="row">
            <select
              id="sl-preset"
              value={presetId ?? ''}
              onChange={(e) => pickPreset(e.target.value ? Number(e.target.value) : null)}
            >
              <option value="">Kapso defaults</option>
              {presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.isDefault ? ' (default)' : ''}
                </option>
              ))}
            </select>
            {current && !current.isDefault && (
              <button
                type="button"
                className="button button--small"
                onClick={() => void setDefault(current.id)}
              >
                Make default
              </button>
            )}
            {current?.isDefault && (
              <button type="button" className="button button--small" onClick={() => void setDefault(null)}>
                Clear default
              </button>
            )}
          </div>
        </Field>
      </section>

      <fieldset className="setup-form__group">
        <legend>Connection</legend>
        <Field
          id="sl-reconnect"
          label="Reconnect an existing number"
          error={errorFor('reconnect_phone_number')}
          hint={
            props.context.numbers.length
              ? 'Leave empty for a new connection. Reconnecting keeps the number: no provisioning, its own connection type.'
              : 'This customer has no number yet, so this is a new connection.'
          }
        >
          <input
            id="sl-reconnect"
            list="sl-reconnect-numbers"
            value={draft.options.reconnect_phone_number}
            placeholder={props.context.numbers[0]?.display ?? 'none'}
            onChange={(e) => pickReconnect(e.target.value)}
            autoComplete="off"
          />
          <datalist id="sl-reconnect-numbers">
            {props.context.numbers.map((n) => (
              <option key={n.phoneNumberId} value={n.display}>
                {n.connectionType ?? ''}
              </option>
            ))}
          </datalist>
        </Field>
        <fieldset
          className={errorFor('allowed_connection_types') ? 'field field--invalid plain' : 'field plain'}
        >
          <legend className="field__label">Allowed connection types</legend>
          <div className="row">
            {(['coexistence', 'dedicated'] as const).map((type) => (
              <label key={type} className="check">
                <input
                  type="checkbox"
                  checked={draft.options.allowed_connection_types.includes(type)}
                  disabled={reconnecting && !!lockedType}
                  onChange={(e) => {
                    touch('allowed_connection_types')
                    const types = new Set(draft.options.allowed_connection_types)
                    if (e.target.checked) types.add(type)
                    else types.delete(type)
                    set({
                      allowed_connection_types: (['coexistence', 'dedicated'] as const).filter((t) =>
                        types.has(t),
                      ),
                    })
                  }}
                />
                {type === 'coexistence'
                  ? 'Coexistence (keeps the WhatsApp Business app, ~5 msg/s)'
                  : 'Dedicated (API only, up to 1000 msg/s)'}
              </label>
            ))}
          </div>
          {errorFor('allowed_connection_types') && (
            <p className="field__error" role="alert">
              {errorFor('allowed_connection_types')}
            </p>
          )}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.options.provision_phone_number}
            disabled={reconnecting}
            onChange={(e) => {
              touch('provision_phone_number')
              set({ provision_phone_number: e.target.checked })
            }}
          />
          Provision a new phone number during onboarding
          {reconnecting && <span className="muted"> — off while reconnecting</span>}
        </label>
        {errorFor('provision_phone_number') && (
          <p className="field__error" role="alert">
            {errorFor('provision_phone_number')}
          </p>
        )}
        {draft.options.provision_phone_number && (
          <div className="setup-form__pair">
            <Field
              id="sl-countries"
              label="Countries (ISO codes)"
              error={errorFor('phone_number_country_isos')}
              hint="Two capital letters, comma separated (US, BR). Non-US numbers need Twilio credentials on the project."
            >
              <input
                id="sl-countries"
                value={draft.countries}
                onChange={(e) => {
                  touch('phone_number_country_isos')
                  setDraft((d) => ({ ...d, countries: e.target.value }))
                }}
              />
            </Field>
            <Field
              id="sl-area"
              label="US area code"
              error={errorFor('phone_number_area_code')}
              hint="Optional, e.g. 415."
            >
              <input
                id="sl-area"
                inputMode="numeric"
                value={draft.options.phone_number_area_code}
                onChange={(e) => {
                  touch('phone_number_area_code')
                  set({ phone_number_area_code: e.target.value })
                }}
              />
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset className="setup-form__group">
        <legend>Page</legend>
        <Field
          id="sl-language"
          label="Language"
          error={errorFor('language')}
          hint={
            languageNames[draft.language as keyof typeof languageNames] ?? 'auto, en, es, pt, hi, id or ar'
          }
        >
          <input
            id="sl-language"
            list="sl-languages"
            value={draft.language}
            onChange={(e) => {
              touch('language')
              setDraft((d) => ({ ...d, language: e.target.value }))
            }}
            autoComplete="off"
          />
          <datalist id="sl-languages">
            {languageChoices.map((l) => (
              <option key={l} value={l}>
                {languageNames[l]}
              </option>
            ))}
          </datalist>
        </Field>
        <div className="setup-form__pair">
          <Field
            id="sl-success"
            label="Success redirect URL"
            error={errorFor('success_redirect_url')}
            hint="Optional. Kapso adds the new number’s ids."
          >
            <input
              id="sl-success"
              type="url"
              value={draft.options.success_redirect_url}
              placeholder="https://example.com/connected"
              onChange={(e) => {
                touch('success_redirect_url')
                set({ success_redirect_url: e.target.value })
              }}
            />
          </Field>
          <Field
            id="sl-failure"
            label="Failure redirect URL"
            error={errorFor('failure_redirect_url')}
            hint="Optional. Kapso adds error_code."
          >
            <input
              id="sl-failure"
              type="url"
              value={draft.options.failure_redirect_url}
              placeholder="https://example.com/failed"
              onChange={(e) => {
                touch('failure_redirect_url')
                set({ failure_redirect_url: e.target.value })
              }}
            />
          </Field>
        </div>
        <details className="setup-form__theme">
          <summary>
            Theme colours{' '}
            {Object.keys(draft.theme).filter((k) => draft.theme[k]).length
              ? '(customised)'
              : '(Kapso defaults)'}
          </summary>
          <div className="swatches">
            {themeKeys.map((key) => {
              const value = draft.theme[key] ?? ''
              const valid = HEX_COLOUR.test(value)
              const shown = value === '' ? themeDefaults[key] : valid ? value : null
              const error = errorFor(`theme_config.${key}`)
              return (
                <div key={key} className={error ? 'swatch field--invalid' : 'swatch'}>
                  <span
                    className={shown ? 'swatch__chip' : 'swatch__chip swatch__chip--bad'}
                    style={shown ? { background: shown } : undefined}
                    data-testid={`swatch-${key}`}
                    aria-hidden="true"
                  />
                  <label htmlFor={`sl-theme-${key}`}>{themeLabel(key)}</label>
                  <input
                    id={`sl-theme-${key}`}
                    value={value}
                    placeholder={themeDefaults[key]}
                    spellCheck={false}
                    aria-invalid={error ? true : undefined}
                    onChange={(e) => {
                      touch(`theme_config.${key}`)
                      setDraft((d) => ({ ...d, theme: { ...d.theme, [key]: e.target.value.trim() } }))
                    }}
                  />
                  <input
                    type="color"
                    aria-label={`Pick ${themeLabel(key)}`}
                    value={(shown ?? themeDefaults[key]).toLowerCase()}
                    onChange={(e) =>
                      setDraft((d) => ({ ...d, theme: { ...d.theme, [key]: e.target.value.toUpperCase() } }))
                    }
                  />
                  {error && <p className="field__error swatch__error">{error}</p>}
                </div>
              )
            })}
          </div>
        </details>
      </fieldset>

      <fieldset className="setup-form__group">
        <legend>Billing and embedding</legend>
        <div className="row" role="radiogroup" aria-label="Meta billing mode">
          {(['customer_managed', 'partner_managed'] as const).map((mode) => (
            <label key={mode} className="check">
              <input
                type="radio"
                name="sl-billing"
                checked={draft.options.meta_billing_mode === mode}
                onChange={() => set({ meta_billing_mode: mode })}
              />
              {mode === 'customer_managed'
                ? 'Customer pays Meta (customer_managed)'
                : 'Billed through Kapso credits (partner_managed)'}
            </label>
          ))}
        </div>
        <p className="callout callout--warning setup-form__billing">
          The billing mode cannot be changed after the link is created.
        </p>
        <Field
          id="sl-origins"
          label="Allowed origins (embedded signup)"
          error={errorFor('allowed_origins')}
          hint="Optional, one per line: https origins allowed to use the link’s token with @kapso/sdk."
        >
          <textarea
            id="sl-origins"
            rows={2}
            value={draft.origins}
            onChange={(e) => {
              touch('allowed_origins')
              setDraft((d) => ({ ...d, origins: e.target.value }))
            }}
          />
        </Field>
      </fieldset>

      <section className="setup-form__save-preset">
        <div className="row">
          <input
            aria-label="Preset name"
            placeholder="Save these options as a preset…"
            value={presetName}
            onChange={(e) => setPresetName(e.target.value)}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={presetDefault}
              onChange={(e) => setPresetDefault(e.target.checked)}
            />
            default
          </label>
          <button
            type="button"
            className="button button--small"
            disabled={!presetName.trim()}
            onClick={() => void savePreset()}
          >
            Save preset
          </button>
        </div>
        {presetMessage && <p className="muted">{presetMessage}</p>}
      </section>

      <div className="dialog__actions">
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={props.busy}>
          {props.busy ? 'Creating…' : 'Create setup link'}
        </button>
      </div>
    </form>
  )
}
