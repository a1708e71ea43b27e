import { AppError } from '../../shared/ipc/errors'

const FIELDS = ['name', 'external_customer_id'] as const

/**
 * Kapso's 422 bodies name the field in words ("Name can't be blank", Rails
 * full messages) or, in the `errors` style, by key. Either way the message is
 * moved onto the form field it is about (`customer.name`), so the person sees
 * it next to the input; anything unrecognised stays under `(input)`.
 */
export function placeFieldErrors(error: AppError): AppError {
  if (error.code !== 'validation' || !error.fields) return error
  const placed: Record<string, string[]> = {}
  const add = (key: string, message: string) => {
    placed[key] = [...(placed[key] ?? []), message]
  }
  for (const [key, messages] of Object.entries(error.fields)) {
    for (const message of messages) {
      const bare = key.replace(/^customer\./, '')
      if ((FIELDS as readonly string[]).includes(bare)) {
        add(`customer.${bare}`, message)
        continue
      }
      const lower = message.toLowerCase()
      const field = FIELDS.find(
        (f) => lower.startsWith(`${f.replace(/_/g, ' ')} `) || lower.startsWith(`${f} `),
      )
      add(field ? `customer.${field}` : key, message)
    }
  }
  return new AppError('validation', error.message, { fields: placed, cause: error })
}
