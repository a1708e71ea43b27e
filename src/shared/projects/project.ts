import { z } from 'zod'
import { idText, text } from '../text'

export const environments = ['production', 'staging', 'sandbox'] as const
export const EnvironmentSchema = z.enum(environments)
export type Environment = z.infer<typeof EnvironmentSchema>

export const DEFAULT_BASE_URL = 'https://api.kapso.ai'
export const SANDBOX_PROJECT_ID = 'sandbox'

/** How a project's API key is held. The key itself never leaves the main process. */
export const KeyStateSchema = z.object({
  storage: z.enum(['none', 'keychain', 'session']),
  /** "••••••••1a2b": only the last four characters, for recognising which key is set. */
  mask: z.string().nullable(),
})
export type KeyState = z.infer<typeof KeyStateSchema>

export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  environment: EnvironmentSchema,
  /** The embedded Sandbox: always present, cannot be removed. */
  builtIn: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  key: KeyStateSchema,
})
export type Project = z.infer<typeof ProjectSchema>

export const ProjectListSchema = z.object({
  projects: z.array(ProjectSchema),
  activeId: z.string(),
})
export type ProjectList = z.infer<typeof ProjectListSchema>

const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '[::1]'

/** https for anything real; plain http only to this machine (a local sandbox). */
export const BaseUrlSchema = text({
  max: 2000,
  min: 1,
  trim: true,
  tooShort: 'Enter the API host, e.g. https://api.kapso.ai',
})
  .refine((value) => {
    try {
      const url = new URL(value)
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))
    } catch {
      return false
    }
  }, 'Use an https:// address (plain http is allowed only for 127.0.0.1 or localhost)')
  .transform((value) => {
    const url = new URL(value)
    // The Platform API path is added by the client; keep only the origin.
    return url.origin
  })

export const ProjectNameSchema = text({
  min: 1,
  max: 80,
  trim: true,
  tooShort: 'Give the project a name',
  tooLong: 'Keep the name under 80 characters',
})

export const ApiKeyInputSchema = text({
  min: 8,
  max: 512,
  trim: true,
  tooShort: 'That is too short to be a Kapso API key',
  tooLong: 'That is too long to be a Kapso API key',
}).refine((v) => !/\s/.test(v), 'An API key has no spaces or line breaks')

export const KeyOptionsSchema = z.object({
  /** `save` after the person chose "save anyway" when Kapso could not be reached. */
  onUnreachable: z.enum(['ask', 'save']).default('ask'),
  /** `session` after the person chose to keep the key in memory because the keychain is unavailable. */
  storage: z.enum(['keychain', 'session']).default('keychain'),
})

export const CreateProjectInputSchema = z
  .object({
    name: ProjectNameSchema,
    baseUrl: BaseUrlSchema.default(DEFAULT_BASE_URL),
    environment: z.enum(['production', 'staging']),
    apiKey: ApiKeyInputSchema,
  })
  .extend(KeyOptionsSchema.shape)
  .strict()

/**
 * Moving a project that has a key to another host, as the person confirmed it:
 * the stored key is sent nowhere new until it (or the key entered again) has
 * been checked against that host.
 */
export const HostChangeSchema = z
  .object({
    /** The host the person confirmed; it must be the new `baseUrl`. */
    confirmedBaseUrl: BaseUrlSchema,
    /** The key entered again for the new host; without it the stored key is checked there first. */
    apiKey: ApiKeyInputSchema.optional(),
  })
  .extend(KeyOptionsSchema.shape)
  .strict()
export type HostChange = z.infer<typeof HostChangeSchema>

export const UpdateProjectInputSchema = z
  .object({
    id: idText(),
    name: ProjectNameSchema.optional(),
    baseUrl: BaseUrlSchema.optional(),
    environment: z.enum(['production', 'staging']).optional(),
    /** Required when `baseUrl` changes on a project with a key. */
    hostChange: HostChangeSchema.optional(),
  })
  .strict()

export const SetKeyInputSchema = z
  .object({ id: idText(), apiKey: ApiKeyInputSchema })
  .extend(KeyOptionsSchema.shape)
  .strict()

export const ProjectIdInputSchema = z.object({ id: idText() }).strict()

export function maskKey(key: string): string {
  return `••••••••${key.slice(-4)}`
}
