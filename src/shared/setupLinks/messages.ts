/**
 * What the customer reads, in the link's language: the ready-to-send message
 * and the printed sheet. A link with no language (the browser decides) gets
 * English. Pure data and formatting, used by main (PDF) and the renderer.
 */

export type SheetLanguage = 'en' | 'es' | 'pt' | 'hi' | 'id' | 'ar'

interface Words {
  dir: 'ltr' | 'rtl'
  message(name: string, url: string, expires: string | null): string
  title(name: string): string
  scan: string
  orOpen: string
  expires(date: string): string
  noExpiry: string
  steps: string[]
}

const words: Record<SheetLanguage, Words> = {
  en: {
    dir: 'ltr',
    message: (name, url, expires) =>
      `Hello ${name}! To connect your WhatsApp number, open this link and follow the steps (about 5 minutes): ${url}${expires ? `\nThe link is valid until ${expires}.` : ''}`,
    title: (name) => `Connect WhatsApp for ${name}`,
    scan: 'Scan this code with your phone’s camera',
    orOpen: 'or open this address in a browser:',
    expires: (d) => `Valid until ${d}`,
    noExpiry: 'This link does not expire',
    steps: [
      'Open the link on a computer or phone and sign in with Facebook.',
      'Choose your business and the WhatsApp number to connect.',
      'Enter the verification code WhatsApp sends you.',
      'When the page says “connected”, you are done.',
    ],
  },
  es: {
    dir: 'ltr',
    message: (name, url, expires) =>
      `¡Hola ${name}! Para conectar tu número de WhatsApp, abre este enlace y sigue los pasos (unos 5 minutos): ${url}${expires ? `\nEl enlace es válido hasta el ${expires}.` : ''}`,
    title: (name) => `Conectar WhatsApp para ${name}`,
    scan: 'Escanea este código con la cámara de tu teléfono',
    orOpen: 'o abre esta dirección en un navegador:',
    expires: (d) => `Válido hasta el ${d}`,
    noExpiry: 'Este enlace no caduca',
    steps: [
      'Abre el enlace en una computadora o teléfono e inicia sesión con Facebook.',
      'Elige tu empresa y el número de WhatsApp que quieres conectar.',
      'Introduce el código de verificación que te envía WhatsApp.',
      'Cuando la página diga “conectado”, habrás terminado.',
    ],
  },
  pt: {
    dir: 'ltr',
    message: (name, url, expires) =>
      `Olá ${name}! Para conectar o seu número do WhatsApp, abra este link e siga os passos (cerca de 5 minutos): ${url}${expires ? `\nO link é válido até ${expires}.` : ''}`,
    title: (name) => `Conectar o WhatsApp de ${name}`,
    scan: 'Leia este código com a câmera do celular',
    orOpen: 'ou abra este endereço em um navegador:',
    expires: (d) => `Válido até ${d}`,
    noExpiry: 'Este link não expira',
    steps: [
      'Abra o link em um computador ou celular e entre com o Facebook.',
      'Escolha a sua empresa e o número do WhatsApp a conectar.',
      'Digite o código de verificação que o WhatsApp enviar.',
      'Quando a página disser “conectado”, está pronto.',
    ],
  },
  hi: {
    dir: 'ltr',
    message: (name, url, expires) =>
      `नमस्ते ${name}! अपना WhatsApp नंबर जोड़ने के लिए यह लिंक खोलें और चरणों का पालन करें (लगभग 5 मिनट): ${url}${expires ? `\nयह लिंक ${expires} तक मान्य है।` : ''}`,
    title: (name) => `${name} के लिए WhatsApp जोड़ें`,
    scan: 'अपने फ़ोन के कैमरे से यह कोड स्कैन करें',
    orOpen: 'या यह पता ब्राउज़र में खोलें:',
    expires: (d) => `${d} तक मान्य`,
    noExpiry: 'यह लिंक कभी समाप्त नहीं होता',
    steps: [
      'लिंक को कंप्यूटर या फ़ोन पर खोलें और Facebook से साइन इन करें।',
      'अपना व्यवसाय और जोड़ने वाला WhatsApp नंबर चुनें।',
      'WhatsApp द्वारा भेजा गया सत्यापन कोड दर्ज करें।',
      'जब पेज पर “connected” दिखे, तो काम पूरा हो गया।',
    ],
  },
  id: {
    dir: 'ltr',
    message: (name, url, expires) =>
      `Halo ${name}! Untuk menghubungkan nomor WhatsApp Anda, buka tautan ini dan ikuti langkahnya (sekitar 5 menit): ${url}${expires ? `\nTautan berlaku hingga ${expires}.` : ''}`,
    title: (name) => `Hubungkan WhatsApp untuk ${name}`,
    scan: 'Pindai kode ini dengan kamera ponsel Anda',
    orOpen: 'atau buka alamat ini di browser:',
    expires: (d) => `Berlaku hingga ${d}`,
    noExpiry: 'Tautan ini tidak kedaluwarsa',
    steps: [
      'Buka tautan di komputer atau ponsel dan masuk dengan Facebook.',
      'Pilih bisnis Anda dan nomor WhatsApp yang akan dihubungkan.',
      'Masukkan kode verifikasi yang dikirim WhatsApp.',
      'Jika halaman menampilkan “terhubung”, selesai.',
    ],
  },
  ar: {
    dir: 'rtl',
    message: (name, url, expires) =>
      `مرحبًا ${name}! لربط رقم واتساب الخاص بك، افتح هذا الرابط واتبع الخطوات (حوالي 5 دقائق): ${url}${expires ? `\nالرابط صالح حتى ${expires}.` : ''}`,
    title: (name) => `ربط واتساب لـ ${name}`,
    scan: 'امسح هذا الرمز بكاميرا هاتفك',
    orOpen: 'أو افتح هذا العنوان في المتصفح:',
    expires: (d) => `صالح حتى ${d}`,
    noExpiry: 'هذا الرابط لا تنتهي صلاحيته',
    steps: [
      'افتح الرابط على حاسوب أو هاتف وسجّل الدخول عبر فيسبوك.',
      'اختر نشاطك التجاري ورقم واتساب الذي تريد ربطه.',
      'أدخل رمز التحقق الذي يرسله واتساب.',
      'عندما تعرض الصفحة “تم الربط”، تكون قد انتهيت.',
    ],
  },
}

const locales: Record<SheetLanguage, string> = {
  en: 'en-GB',
  es: 'es',
  pt: 'pt-BR',
  hi: 'hi-IN',
  id: 'id-ID',
  ar: 'ar',
}

export function sheetLanguage(language: string | null | undefined): SheetLanguage {
  return language && language in words ? (language as SheetLanguage) : 'en'
}

/** The expiry as the customer reads it: a long date in their language, with the time and zone. */
export function expiryText(
  expiresAt: string | null,
  language: string | null,
  timeZone?: string,
): string | null {
  if (!expiresAt) return null
  const lang = sheetLanguage(language)
  return new Intl.DateTimeFormat(locales[lang], {
    dateStyle: 'long',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(expiresAt))
}

/** The short ready-to-send text, containing the URL exactly once. */
export function shareMessage(link: {
  url: string
  language: string | null
  customerName: string
  expiresAt: string | null
}): string {
  const lang = sheetLanguage(link.language)
  return words[lang].message(link.customerName, link.url, expiryText(link.expiresAt, link.language))
}

export interface SheetText {
  lang: SheetLanguage
  dir: 'ltr' | 'rtl'
  title: string
  scan: string
  orOpen: string
  expiry: string
  steps: string[]
}

export function sheetText(link: {
  language: string | null
  customerName: string
  expiresAt: string | null
}): SheetText {
  const lang = sheetLanguage(link.language)
  const w = words[lang]
  const expiry = expiryText(link.expiresAt, link.language)
  return {
    lang,
    dir: w.dir,
    title: w.title(link.customerName),
    scan: w.scan,
    orOpen: w.orOpen,
    expiry: expiry ? w.expires(expiry) : w.noExpiry,
    steps: w.steps,
  }
}

/** `whatsapp_setup_status` in words for staff (English: the console's own language). */
export const setupStatusWords: Record<string, string> = {
  pending: 'Not started: the customer has not completed signup yet.',
  processing: 'In progress: the customer finished signup and Kapso is connecting the number.',
  completed: 'Completed: the number is connected.',
  failed: 'Failed: signup did not finish.',
}

/** `whatsapp_setup_error` codes (reference 4) in words, with what to do next. */
export const setupErrorWords: Record<string, string> = {
  facebook_auth_failed:
    'Facebook login was cancelled or failed. Ask the customer to try again and finish the login.',
  phone_verification_failed:
    'The phone verification failed. The customer should check the number and the code WhatsApp sent.',
  waba_limit_reached:
    'The customer’s business has too many WhatsApp accounts. They must remove one in Meta Business Manager first.',
  token_exchange_failed:
    'Meta did not complete the authorisation. Try again; if it repeats, contact Kapso support.',
  link_expired: 'The link had expired when it was opened. Send a new link.',
  already_used: 'The link had already been used. Send a new link if another number must be connected.',
}

export function setupErrorText(error: string | null): string | null {
  if (!error) return null
  return setupErrorWords[error] ?? error
}

export const statusWords: Record<string, string> = {
  active: 'Active: can be used now.',
  used: 'Used: signup was completed with this link.',
  expired: 'Expired: it can no longer be used.',
  revoked: 'Revoked: it was withdrawn and can no longer be used.',
}
