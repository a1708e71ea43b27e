import {
  type MetaSendMessageResponse,
  MetaSendMessageResponseSchema,
  type SendTextInput,
} from '../../shared/kapso/message'
import type { CallOptions } from './lists'
import { seg } from './query'
import type { Caller } from './request'

/** Graph version in the proxy path; the skills default (reference 5). */
export const META_GRAPH_VERSION = 'v24.0'

/** Meta proxy: Meta-shaped bodies and errors, same `X-API-Key`. */
export interface MessagesApi {
  /**
   * Sends a free-form text (needs an open 24 h window; outside it Meta answers
   * 131047). Never retried after it may have been sent: a retry could deliver twice.
   */
  sendText(
    phoneNumberId: string,
    input: SendTextInput,
    options?: CallOptions,
  ): Promise<MetaSendMessageResponse>
}

export function messagesApi(call: Caller): MessagesApi {
  return {
    sendText: (phoneNumberId, input, o) =>
      call({
        method: 'POST',
        path: `/meta/whatsapp/${META_GRAPH_VERSION}/${seg(phoneNumberId)}/messages`,
        body: {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: input.to,
          type: 'text',
          text: {
            body: input.body,
            ...(input.preview_url === undefined ? {} : { preview_url: input.preview_url }),
          },
        },
        schema: MetaSendMessageResponseSchema,
        what: 'message',
        errorShape: 'meta',
        signal: o?.signal,
      }),
  }
}
