import { z } from 'zod'

export const KeychainStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('available'), backend: z.string() }),
  z.object({
    state: z.literal('unavailable'),
    backend: z.string(),
    /** Plain words: what is missing and what to install or unlock. */
    reason: z.string(),
  }),
])
export type KeychainStatus = z.infer<typeof KeychainStatusSchema>

export const AboutSchema = z.object({
  appName: z.string(),
  appVersion: z.string(),
  runtime: z.object({ node: z.string(), electron: z.string().nullable(), platform: z.string() }),
  dataDir: z.string(),
  activeProject: z.object({ id: z.string(), name: z.string(), environment: z.string() }),
  keychain: KeychainStatusSchema,
})
export type About = z.infer<typeof AboutSchema>
