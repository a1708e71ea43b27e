import { z } from 'zod'
import { call } from '../ipc/define'
import { text } from '../text'

/** One display-name change request as the panel shows it (OpenAPI `WhatsappDisplayNameRequest`). */
export const DisplayNameRequestViewSchema = z.object({
  id: z.string(),
  requestedName: z.string(),
  previousName: z.string().nullable(),
  /** Kapso's status word as sent (pending_review, approved, declined, …; new ones shown as they are). */
  status: z.string(),
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  /** Meta's reason when it declined or failed, in its words with its codes; null otherwise. */
  metaError: z.string().nullable(),
})
export type DisplayNameRequestView = z.infer<typeof DisplayNameRequestViewSchema>

export const NumberNamesSchema = z.object({
  phoneNumberId: z.string(),
  /** The console's label for the number (`name`, renamable). */
  name: z.string(),
  /** What WhatsApp users see, as Meta approved it. */
  verifiedName: z.string().nullable(),
  nameStatus: z.string().nullable(),
  requests: z.array(DisplayNameRequestViewSchema),
})
export type NumberNames = z.infer<typeof NumberNamesSchema>

const phoneNumberId = z.string().regex(/^\d{1,30}$/, 'A phone_number_id is Meta’s numeric id.')

export const phoneNumberManagementCalls = {
  /** The number's names and its display-name requests, most recent first (from Kapso). */
  'phoneNumbers.names': call(z.object({ phoneNumberId }).strict(), NumberNamesSchema),
  /** `PATCH /whatsapp/phone_numbers/{id}` with a new `name` (the label in Kapso, not what customers see). */
  'phoneNumbers.rename': call(
    z
      .object({
        phoneNumberId,
        name: text({
          min: 1,
          max: 200,
          trim: true,
          tooShort: 'Give the number a name.',
          tooLong: 'Keep the name under 200 characters.',
        }),
      })
      .strict(),
    z.object({ phoneNumberId: z.string(), name: z.string() }),
  ),
  /**
   * `DELETE /whatsapp/phone_numbers/{id}`. `confirm` is what the person typed:
   * the number (any formatting) or its phone_number_id; main checks it again.
   */
  'phoneNumbers.delete': call(
    z.object({ phoneNumberId, confirm: text({ max: 64, trim: true }) }).strict(),
    z.object({ deleted: z.literal(true) }),
  ),
  /** Asks Meta (through Kapso) for a new display name; most reviews take 24–48 hours. */
  'phoneNumbers.requestDisplayName': call(
    z
      .object({
        phoneNumberId,
        // "max 256 chars" (WhatsappDisplayNameRequestCreate).
        name: text({
          min: 1,
          max: 256,
          trim: true,
          tooShort: 'Write the display name to request.',
          tooLong: 'Meta allows at most 256 characters.',
        }),
      })
      .strict(),
    DisplayNameRequestViewSchema,
  ),
  /** One request again, to see where Meta's review stands. */
  'phoneNumbers.displayNameRequest': call(
    z.object({ phoneNumberId, requestId: z.uuid('A request id is a UUID.') }).strict(),
    DisplayNameRequestViewSchema,
  ),
}
