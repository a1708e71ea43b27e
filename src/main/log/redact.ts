/**
 * Redaction for anything that may reach a log line or an error message.
 * Two nets: values registered as secrets (the exact key text) are replaced
 * wherever they occur, and header/field names that carry credentials are
 * masked whatever their value.
 */
const SENSITIVE_NAME =
  /^(x-api-key|authorization|proxy-authorization|cookie|set-cookie|api[-_]?key|apikey|secret|secret[-_]?key|password|token|authtoken|access[-_]?token|x-webhook-secret)$/i

export const REDACTED = '[redacted]'

export class Redactor {
  private readonly secrets = new Set<string>()

  /** Registers a secret's text; short strings are ignored so "a" never blanks a log. */
  addSecret(value: string | null | undefined): void {
    if (value && value.length >= 6) this.secrets.add(value)
  }

  removeSecret(value: string): void {
    this.secrets.delete(value)
  }

  text(input: string): string {
    let out = input
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    }
    // Header lines echoed in error text ("x-api-key: abc") lose their value.
    return out.replace(
      /\b(x-api-key|authorization|x-webhook-signature-secret)(["']?\s*[:=]\s*["']?)([^\s"',}]+)/gi,
      (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`,
    )
  }

  /** Deep copy with sensitive fields masked and secret text removed from strings. */
  value(input: unknown, depth = 0): unknown {
    if (depth > 8) return '[depth]'
    if (typeof input === 'string') return this.text(input)
    if (Array.isArray(input)) return input.map((item) => this.value(item, depth + 1))
    if (input instanceof Error) {
      return { name: input.name, message: this.text(input.message), code: (input as { code?: unknown }).code }
    }
    if (input && typeof input === 'object') {
      const out: Record<string, unknown> = {}
      for (const [key, val] of Object.entries(input)) {
        out[key] =
          SENSITIVE_NAME.test(key) && val != null && val !== '' ? REDACTED : this.value(val, depth + 1)
      }
      return out
    }
    return input
  }
}
