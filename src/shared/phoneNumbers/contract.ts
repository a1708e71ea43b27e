import { z } from 'zod'
import { call, NoInput } from '../ipc/define'
import { UnreadableRecordSchema } from '../kapso/unreadable'
import { text } from '../text'
import { phoneNumberManagementCalls } from './managementContract'

/** One row of the phone numbers view, from the local cache (kept by the customers sync). */
export const PhoneNumberRowSchema = z.object({
  phoneNumberId: z.string(),
  displayPhoneNumber: z.string().nullable(),
  name: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  businessAccountId: z.string().nullable(),
  status: z.string().nullable(),
  qualityRating: z.string().nullable(),
  createdAt: z.string(),
  /** Last health check kept here (null: never checked). */
  health: z.string().nullable(),
})
export type PhoneNumberRow = z.infer<typeof PhoneNumberRowSchema>

export const PhoneNumberPageSchema = z.object({
  rows: z.array(PhoneNumberRowSchema),
  offset: z.number().int(),
  total: z.number().int(),
  /** All numbers in the cache, whatever the search. */
  cached: z.number().int(),
  /** Numbers Kapso listed that the last sync could not read (unsearched list only). */
  unreadable: z.array(UnreadableRecordSchema),
})
export type PhoneNumberPage = z.infer<typeof PhoneNumberPageSchema>

export const HealthViewSchema = z.object({
  phoneNumberId: z.string(),
  status: z.string(),
  /** When Kapso ran the check (it caches 3 minutes per number). */
  checkedAt: z.string(),
  /** When this console asked. */
  fetchedAt: z.string(),
  /** true: shown from the cache (asked again too soon, offline, or rate-limited). */
  cached: z.boolean(),
  /** Why the cache was used, in words; null when fresh. */
  note: z.string().nullable(),
  error: z.string().nullable(),
  checks: z.array(
    z.object({
      name: z.string(),
      passed: z.boolean().nullable(),
      error: z.string().nullable(),
      summary: z.string(),
    }),
  ),
})
export type HealthView = z.infer<typeof HealthViewSchema>

const phoneNumberId = z.string().regex(/^\d{1,30}$/, 'A phone_number_id is Meta’s numeric id.')

export const phoneNumberCalls = {
  /** Searchable window over every number of the project (cache; works offline). */
  'phoneNumbers.query': call(
    z
      .object({
        search: text({ max: 200 }).default(''),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    PhoneNumberPageSchema,
  ),
  /** Health from Kapso, at most once per 3 minutes per number and within its 5/s, 60/min limit. */
  'phoneNumbers.health': call(
    z.object({ phoneNumberId, force: z.boolean().default(false) }).strict(),
    HealthViewSchema,
  ),
  /** Sends one text through the Meta proxy from a connected number, to prove it works. */
  'phoneNumbers.sendTest': call(
    z
      .object({
        phoneNumberId,
        to: z
          .string()
          .trim()
          .regex(
            /^\+?[\d\s\-().]{6,24}$/,
            'Enter the recipient in international format, e.g. +1 555 013 4567.',
          ),
        body: text({
          min: 1,
          max: 1000,
          trim: true,
          multiline: true,
          tooShort: 'Write a message.',
          tooLong: 'Keep the test message under 1000 characters.',
        }),
      })
      .strict(),
    z.object({ messageId: z.string(), waId: z.string().nullable() }),
  ),
  'phoneNumbers.count': call(NoInput, z.object({ cached: z.number().int() })),
  ...phoneNumberManagementCalls,
}
