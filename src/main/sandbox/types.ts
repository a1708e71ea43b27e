/**
 * Wire shapes of the Kapso Platform objects the sandbox serves. Records are
 * stored in exactly this shape so serialising a response is a copy, not a mapping.
 */

export interface Customer {
  id: string
  name: string
  external_customer_id: string | null
  created_at: string
  updated_at: string
}

export type SetupLinkStatus = 'active' | 'used' | 'expired' | 'revoked'
export type ConnectionType = 'coexistence' | 'dedicated'
export type WhatsappSetupStatus = 'pending' | 'processing' | 'completed' | 'failed'

export interface PhoneNumberReference {
  id: string
  phone_number: string
  status: string
  area_code: string | null
  country_iso: string
  country_dial_code: string
  display_number: string | null
}

export interface SetupLink {
  id: string
  status: SetupLinkStatus
  created_at: string
  expires_at: string | null
  url: string
  success_redirect_url: string | null
  failure_redirect_url: string | null
  allowed_origins: string[]
  allowed_connection_types: ConnectionType[]
  meta_billing_mode: 'customer_managed' | 'partner_managed'
  theme_config: Record<string, string> | null
  provision_phone_number: boolean | null
  phone_number_area_code: string | null
  phone_number_country_isos: string[]
  reconnect_phone_number: string | null
  language: string | null
  whatsapp_setup_status: WhatsappSetupStatus
  whatsapp_setup_error: string | null
  /** Omitted (not null) until provisioning happened: the spec types it as a non-nullable object. */
  provisioned_phone_number?: PhoneNumberReference
}

/** A link plus what the API never lists again (the token) and whom it belongs to. */
export interface SetupLinkRecord {
  link: SetupLink
  token: string
  customerId: string
}

export interface WhatsappPhoneNumber {
  id: string
  internal_id: string
  phone_number_id: string
  name: string
  business_account_id: string | null
  customer_id: string | null
  is_coexistence: boolean | null
  inbound_processing_enabled: boolean
  calls_enabled: boolean
  webhook_verified_at: string | null
  display_name: string | null
  display_phone_number: string | null
  display_phone_number_normalized: string | null
  verified_name: string | null
  quality_rating: string | null
  code_verification_status: string | null
  name_status: string | null
  status: string | null
  throughput_tier: string | null
  whatsapp_business_manager_messaging_limit: number | string | null
  is_official_business_account: boolean | null
  is_pin_enabled: boolean | null
  created_at: string
  updated_at: string
}

export interface WhatsappWebhook {
  id: string
  url: string
  kind: 'kapso' | 'meta'
  events: string[]
  active: boolean
  created_at: string
  updated_at: string
  project_id: string
  phone_number_id: string | null
  secret_key: string | null
  headers: Record<string, string> | null
  buffer_enabled: boolean | null
  buffer_window_seconds: number | null
  max_buffer_size: number | null
  buffer_events: string[]
  inactivity_minutes: number | null
  payload_version: string | null
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

export interface WebhookDelivery {
  id: string
  event: string
  status: DeliveryStatus
  response_status: number | null
  delivered_at: string | null
  failed_at: string | null
  last_attempt_at: string | null
  attempt_count: number
  created_at: string
  webhook_id: string | null
  webhook_url: string | null
  whatsapp_config_id: string | null
  phone_number_id: string | null
  conversation_phone_number: string | null
}

export interface ExternalApiLog {
  id: string
  endpoint: string
  http_method: string
  response_status: number
  response_time_ms: number
  ip_address: string | null
  error_message: string | null
  created_at: string
  api_key_id: string | null
  api_key_name: string | null
}
