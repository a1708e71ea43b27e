import type { FailureCode } from './redirectParams'

/** The tenant-facing redirect page, in each language a setup link can have (reference 2.2 `language`). */
export const pageLanguages = ['en', 'es', 'pt', 'hi', 'id', 'ar'] as const
export type PageLanguage = (typeof pageLanguages)[number]

export interface PageWords {
  /** A success redirect is not proof yet: the page thanks and says the connection is being confirmed. */
  confirmingTitle: string
  confirmingBody: (number: string | null) => string
  failedTitle: string
  failure: Record<FailureCode, string>
  unknownFailure: string
  unknownLinkTitle: string
  unknownLinkBody: string
  continueLabel: string
  continueHint: string
  close: string
}

export const pageWords: Record<PageLanguage, PageWords> = {
  en: {
    confirmingTitle: "Thanks — we're confirming your connection",
    confirmingBody: (n) =>
      n
        ? `We received your number ${n} and are confirming the connection now. There is nothing else you need to do.`
        : 'We received your signup and are confirming the connection now. There is nothing else you need to do.',
    failedTitle: 'WhatsApp setup did not finish',
    failure: {
      facebook_auth_failed:
        'The Facebook login was cancelled or failed. Open the link again and finish the login.',
      phone_verification_failed:
        'The phone number could not be verified. Check the number and the code, then try again.',
      waba_limit_reached:
        'Your Facebook business has too many WhatsApp accounts. Remove one, or ask us for help.',
      token_exchange_failed:
        'Facebook did not complete the authorisation. Please try again in a few minutes.',
      link_expired: 'This setup link has expired. Ask us for a new one.',
      already_used:
        'This setup link was already used. Ask us for a new one if another number must be connected.',
    },
    unknownFailure: 'The setup reported an error we do not recognise. Please contact us.',
    unknownLinkTitle: 'This page does not recognise your link',
    unknownLinkBody: 'Nothing was changed. If you were setting up WhatsApp, please contact us.',
    continueLabel: 'Continue',
    continueHint: 'You will be taken to the next page in a few seconds.',
    close: 'You can close this page.',
  },
  es: {
    confirmingTitle: 'Gracias: estamos confirmando tu conexión',
    confirmingBody: (n) =>
      n
        ? `Recibimos tu número ${n} y estamos confirmando la conexión. No necesitas hacer nada más.`
        : 'Recibimos tu registro y estamos confirmando la conexión. No necesitas hacer nada más.',
    failedTitle: 'La configuración de WhatsApp no terminó',
    failure: {
      facebook_auth_failed:
        'El inicio de sesión de Facebook se canceló o falló. Abre el enlace otra vez y termina el inicio de sesión.',
      phone_verification_failed:
        'No se pudo verificar el número. Revisa el número y el código y vuelve a intentarlo.',
      waba_limit_reached:
        'Tu empresa de Facebook tiene demasiadas cuentas de WhatsApp. Elimina una o pídenos ayuda.',
      token_exchange_failed: 'Facebook no completó la autorización. Vuelve a intentarlo en unos minutos.',
      link_expired: 'Este enlace de configuración caducó. Pídenos uno nuevo.',
      already_used: 'Este enlace ya se usó. Pídenos uno nuevo si hay que conectar otro número.',
    },
    unknownFailure: 'La configuración informó un error que no reconocemos. Contáctanos.',
    unknownLinkTitle: 'Esta página no reconoce tu enlace',
    unknownLinkBody: 'No se cambió nada. Si estabas configurando WhatsApp, contáctanos.',
    continueLabel: 'Continuar',
    continueHint: 'Irás a la página siguiente en unos segundos.',
    close: 'Puedes cerrar esta página.',
  },
  pt: {
    confirmingTitle: 'Obrigado — estamos confirmando a sua conexão',
    confirmingBody: (n) =>
      n
        ? `Recebemos o seu número ${n} e estamos confirmando a conexão. Você não precisa fazer mais nada.`
        : 'Recebemos o seu cadastro e estamos confirmando a conexão. Você não precisa fazer mais nada.',
    failedTitle: 'A configuração do WhatsApp não terminou',
    failure: {
      facebook_auth_failed:
        'O login do Facebook foi cancelado ou falhou. Abra o link de novo e conclua o login.',
      phone_verification_failed:
        'Não foi possível verificar o número. Confira o número e o código e tente de novo.',
      waba_limit_reached: 'Sua empresa no Facebook tem contas de WhatsApp demais. Remova uma ou peça ajuda.',
      token_exchange_failed: 'O Facebook não concluiu a autorização. Tente de novo em alguns minutos.',
      link_expired: 'Este link de configuração expirou. Peça um novo.',
      already_used: 'Este link já foi usado. Peça um novo se outro número precisar ser conectado.',
    },
    unknownFailure: 'A configuração informou um erro que não reconhecemos. Fale conosco.',
    unknownLinkTitle: 'Esta página não reconhece o seu link',
    unknownLinkBody: 'Nada foi alterado. Se você estava configurando o WhatsApp, fale conosco.',
    continueLabel: 'Continuar',
    continueHint: 'Você será levado à próxima página em alguns segundos.',
    close: 'Você pode fechar esta página.',
  },
  hi: {
    confirmingTitle: 'धन्यवाद — हम आपके कनेक्शन की पुष्टि कर रहे हैं',
    confirmingBody: (n) =>
      n
        ? `हमें आपका नंबर ${n} मिल गया है और हम कनेक्शन की पुष्टि कर रहे हैं। आपको और कुछ करने की ज़रूरत नहीं है।`
        : 'हमें आपका साइनअप मिल गया है और हम कनेक्शन की पुष्टि कर रहे हैं। आपको और कुछ करने की ज़रूरत नहीं है।',
    failedTitle: 'WhatsApp सेटअप पूरा नहीं हुआ',
    failure: {
      facebook_auth_failed: 'Facebook लॉगिन रद्द हुआ या विफल रहा। लिंक फिर से खोलें और लॉगिन पूरा करें।',
      phone_verification_failed: 'फ़ोन नंबर सत्यापित नहीं हो सका। नंबर और कोड जाँचें, फिर दोबारा कोशिश करें।',
      waba_limit_reached: 'आपके Facebook व्यवसाय में बहुत अधिक WhatsApp खाते हैं। एक हटाएँ या हमसे मदद लें।',
      token_exchange_failed: 'Facebook ने अनुमति पूरी नहीं की। कुछ मिनट बाद फिर कोशिश करें।',
      link_expired: 'इस सेटअप लिंक की अवधि समाप्त हो गई है। हमसे नया लिंक माँगें।',
      already_used: 'यह सेटअप लिंक पहले ही उपयोग हो चुका है। दूसरा नंबर जोड़ना हो तो नया लिंक माँगें।',
    },
    unknownFailure: 'सेटअप ने एक अज्ञात त्रुटि बताई। कृपया हमसे संपर्क करें।',
    unknownLinkTitle: 'यह पेज आपके लिंक को नहीं पहचानता',
    unknownLinkBody: 'कुछ भी नहीं बदला गया। अगर आप WhatsApp सेट कर रहे थे, तो हमसे संपर्क करें।',
    continueLabel: 'आगे बढ़ें',
    continueHint: 'कुछ सेकंड में आपको अगले पेज पर ले जाया जाएगा।',
    close: 'आप यह पेज बंद कर सकते हैं।',
  },
  id: {
    confirmingTitle: 'Terima kasih — kami sedang mengonfirmasi koneksi Anda',
    confirmingBody: (n) =>
      n
        ? `Kami telah menerima nomor Anda ${n} dan sedang mengonfirmasi koneksinya. Anda tidak perlu melakukan apa pun lagi.`
        : 'Kami telah menerima pendaftaran Anda dan sedang mengonfirmasi koneksinya. Anda tidak perlu melakukan apa pun lagi.',
    failedTitle: 'Penyiapan WhatsApp belum selesai',
    failure: {
      facebook_auth_failed: 'Login Facebook dibatalkan atau gagal. Buka tautan lagi dan selesaikan login.',
      phone_verification_failed:
        'Nomor telepon tidak dapat diverifikasi. Periksa nomor dan kodenya, lalu coba lagi.',
      waba_limit_reached:
        'Bisnis Facebook Anda memiliki terlalu banyak akun WhatsApp. Hapus satu, atau minta bantuan kami.',
      token_exchange_failed: 'Facebook tidak menyelesaikan otorisasi. Coba lagi dalam beberapa menit.',
      link_expired: 'Tautan penyiapan ini sudah kedaluwarsa. Minta tautan baru kepada kami.',
      already_used:
        'Tautan penyiapan ini sudah dipakai. Minta tautan baru jika nomor lain perlu dihubungkan.',
    },
    unknownFailure: 'Penyiapan melaporkan kesalahan yang tidak kami kenali. Silakan hubungi kami.',
    unknownLinkTitle: 'Halaman ini tidak mengenali tautan Anda',
    unknownLinkBody: 'Tidak ada yang diubah. Jika Anda sedang menyiapkan WhatsApp, silakan hubungi kami.',
    continueLabel: 'Lanjutkan',
    continueHint: 'Anda akan dibawa ke halaman berikutnya dalam beberapa detik.',
    close: 'Anda dapat menutup halaman ini.',
  },
  ar: {
    confirmingTitle: 'شكرًا — نحن نتحقق من اتصالك',
    confirmingBody: (n) =>
      n
        ? `استلمنا رقمك ${n} ونتحقق الآن من الاتصال. لا تحتاج إلى فعل أي شيء آخر.`
        : 'استلمنا تسجيلك ونتحقق الآن من الاتصال. لا تحتاج إلى فعل أي شيء آخر.',
    failedTitle: 'لم يكتمل إعداد واتساب',
    failure: {
      facebook_auth_failed: 'أُلغي تسجيل الدخول إلى فيسبوك أو فشل. افتح الرابط مرة أخرى وأكمل تسجيل الدخول.',
      phone_verification_failed: 'تعذّر التحقق من رقم الهاتف. تحقّق من الرقم والرمز ثم حاول مرة أخرى.',
      waba_limit_reached: 'لدى نشاطك التجاري على فيسبوك حسابات واتساب كثيرة. احذف حسابًا أو اطلب مساعدتنا.',
      token_exchange_failed: 'لم يُكمل فيسبوك التفويض. حاول مرة أخرى بعد بضع دقائق.',
      link_expired: 'انتهت صلاحية رابط الإعداد هذا. اطلب منا رابطًا جديدًا.',
      already_used: 'استُخدم رابط الإعداد هذا من قبل. اطلب رابطًا جديدًا إذا كان يجب ربط رقم آخر.',
    },
    unknownFailure: 'أبلغ الإعداد عن خطأ لا نعرفه. يُرجى التواصل معنا.',
    unknownLinkTitle: 'هذه الصفحة لا تتعرّف على رابطك',
    unknownLinkBody: 'لم يتغيّر شيء. إذا كنت تُعدّ واتساب، يُرجى التواصل معنا.',
    continueLabel: 'متابعة',
    continueHint: 'سيتم نقلك إلى الصفحة التالية خلال ثوانٍ.',
    close: 'يمكنك إغلاق هذه الصفحة.',
  },
}

export function wordsFor(language: string | null | undefined): { lang: PageLanguage; words: PageWords } {
  const lang = (pageLanguages as readonly string[]).includes(language ?? '')
    ? (language as PageLanguage)
    : 'en'
  return { lang, words: pageWords[lang] }
}
