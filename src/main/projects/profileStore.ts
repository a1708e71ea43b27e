import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { EnvironmentSchema } from '../../shared/projects/project'
import type { Logger } from '../log/logger'

/** What is written to disk per profile: no key, only where it is kept and its last four characters. */
const StoredProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  environment: EnvironmentSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  keyInKeychain: z.boolean(),
  keyLast4: z.string().max(4).nullable(),
})
export type StoredProfile = z.infer<typeof StoredProfileSchema>

const ProfilesFileSchema = z.object({
  version: z.literal(1),
  activeId: z.string(),
  profiles: z.array(StoredProfileSchema),
})
export type ProfilesFile = z.infer<typeof ProfilesFileSchema>

/**
 * Non-secret project profiles in `<data folder>/projects.json`. Writes go to a
 * temporary file that is fsynced and renamed over the old one, so a crash
 * leaves either the old list or the new one, never half of each.
 */
export class ProfileStore {
  readonly file: string

  constructor(
    dataDir: string,
    private readonly log: Logger,
  ) {
    this.file = join(dataDir, 'projects.json')
  }

  load(): ProfilesFile | null {
    if (!existsSync(this.file)) return null
    try {
      return ProfilesFileSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')))
    } catch (error) {
      // Keep the unreadable file for a human to look at; start from the built-in profile.
      const aside = `${this.file}.unreadable-${Date.now()}`
      renameSync(this.file, aside)
      this.log.error('project profiles were unreadable and were set aside', { aside, error })
      return null
    }
  }

  save(contents: ProfilesFile): void {
    const tmp = `${this.file}.tmp`
    const fd = openSync(tmp, 'w', 0o600)
    try {
      writeSync(fd, `${JSON.stringify(contents, null, 2)}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.file)
  }
}
