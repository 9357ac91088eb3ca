import type { WidgetLocale } from '@neodesk/contracts';

/** Every string the chat panel shows or announces. The workspace's own texts (title, greeting) come from its config. */
export interface ChatStrings {
  close: string;
  connection: { connecting: string; online: string; offline: string; refused: string };
  you: string;
  ai: string;
  aiLabel: string;
  agent: string;
  notice: string;
  writing: string;
  agentTyping: string;
  talkToPerson: string;
  handoffWaiting: string;
  handoffHuman: string;
  resolved: string;
  messageLabel: string;
  placeholder: string;
  send: string;
  sending: string;
  queued: string;
  failed: string;
  retry: string;
  helpful: string;
  notHelpful: string;
  satisfactionQuestion: string;
  score: (score: number) => string;
  scoreLow: string;
  scoreHigh: string;
  comment: string;
  sendRating: string;
  satisfactionThanks: string;
  preChatIntro: string;
  name: string;
  email: string;
  optional: string;
  startChat: string;
  /** What the live region says when a message is finished. */
  announce: (author: string, text: string) => string;
  messagesLabel: string;
}

export const CHAT_STRINGS: Record<WidgetLocale, ChatStrings> = {
  en: {
    close: 'Close chat',
    connection: {
      connecting: 'Connecting…',
      online: 'Online',
      offline: 'Offline: messages are sent when the connection is back',
      refused: 'Chat is not available on this page',
    },
    you: 'You',
    ai: 'AI',
    aiLabel: 'AI assistant',
    agent: 'Support agent',
    notice: 'Notice',
    writing: 'writing…',
    agentTyping: 'Someone from our team is typing…',
    talkToPerson: 'Talk to a person',
    handoffWaiting: 'Connecting you to a person. Someone from our team will answer here.',
    handoffHuman: 'You are now chatting with our team.',
    resolved: 'This conversation is marked as resolved.',
    messageLabel: 'Message',
    placeholder: 'Write a message…',
    send: 'Send',
    sending: 'Sending…',
    queued: 'Waiting for connection',
    failed: 'Not sent',
    retry: 'Retry',
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    satisfactionQuestion: 'How would you rate this conversation?',
    score: (score) => `${score} out of 5`,
    scoreLow: 'Poor',
    scoreHigh: 'Excellent',
    comment: 'Anything to add? (optional)',
    sendRating: 'Send rating',
    satisfactionThanks: 'Thank you for your rating!',
    preChatIntro: 'Before we start, please tell us who you are.',
    name: 'Name',
    email: 'E-mail',
    optional: 'optional',
    startChat: 'Start chat',
    announce: (author, text) => `${author}: ${text}`,
    messagesLabel: 'Conversation',
  },
  fr: {
    close: 'Fermer la discussion',
    connection: {
      connecting: 'Connexion…',
      online: 'En ligne',
      offline: 'Hors ligne : les messages partiront au retour de la connexion',
      refused: 'La discussion n’est pas disponible sur cette page',
    },
    you: 'Vous',
    ai: 'IA',
    aiLabel: 'Assistant IA',
    agent: 'Conseiller',
    notice: 'Information',
    writing: 'en train d’écrire…',
    agentTyping: 'Un membre de l’équipe écrit…',
    talkToPerson: 'Parler à une personne',
    handoffWaiting: 'Nous vous mettons en relation avec une personne. Un membre de l’équipe vous répondra ici.',
    handoffHuman: 'Vous discutez maintenant avec notre équipe.',
    resolved: 'Cette conversation est marquée comme résolue.',
    messageLabel: 'Message',
    placeholder: 'Écrivez un message…',
    send: 'Envoyer',
    sending: 'Envoi…',
    queued: 'En attente de connexion',
    failed: 'Non envoyé',
    retry: 'Réessayer',
    helpful: 'Utile',
    notHelpful: 'Pas utile',
    satisfactionQuestion: 'Comment évaluez-vous cette conversation ?',
    score: (score) => `${score} sur 5`,
    scoreLow: 'Mauvais',
    scoreHigh: 'Excellent',
    comment: 'Un commentaire ? (facultatif)',
    sendRating: 'Envoyer la note',
    satisfactionThanks: 'Merci pour votre note !',
    preChatIntro: 'Avant de commencer, dites-nous qui vous êtes.',
    name: 'Nom',
    email: 'E-mail',
    optional: 'facultatif',
    startChat: 'Commencer',
    announce: (author, text) => `${author} : ${text}`,
    messagesLabel: 'Conversation',
  },
  ar: {
    close: 'إغلاق المحادثة',
    connection: {
      connecting: 'جارٍ الاتصال…',
      online: 'متصل',
      offline: 'غير متصل: ستُرسل الرسائل عند عودة الاتصال',
      refused: 'المحادثة غير متاحة على هذه الصفحة',
    },
    you: 'أنت',
    ai: 'ذكاء اصطناعي',
    aiLabel: 'مساعد بالذكاء الاصطناعي',
    agent: 'موظف الدعم',
    notice: 'إشعار',
    writing: 'يكتب…',
    agentTyping: 'أحد أعضاء فريقنا يكتب…',
    talkToPerson: 'التحدث إلى شخص',
    handoffWaiting: 'نقوم بتحويلك إلى أحد أعضاء فريقنا، وسيردّ عليك هنا.',
    handoffHuman: 'أنت الآن تتحدث مع فريقنا.',
    resolved: 'تم وضع علامة «تم الحل» على هذه المحادثة.',
    messageLabel: 'الرسالة',
    placeholder: 'اكتب رسالة…',
    send: 'إرسال',
    sending: 'جارٍ الإرسال…',
    queued: 'في انتظار الاتصال',
    failed: 'لم تُرسل',
    retry: 'إعادة المحاولة',
    helpful: 'مفيد',
    notHelpful: 'غير مفيد',
    satisfactionQuestion: 'كيف تقيّم هذه المحادثة؟',
    score: (score) => `${score} من 5`,
    scoreLow: 'ضعيف',
    scoreHigh: 'ممتاز',
    comment: 'هل لديك ما تضيفه؟ (اختياري)',
    sendRating: 'إرسال التقييم',
    satisfactionThanks: 'شكرًا على تقييمك!',
    preChatIntro: 'قبل أن نبدأ، عرّفنا بنفسك من فضلك.',
    name: 'الاسم',
    email: 'البريد الإلكتروني',
    optional: 'اختياري',
    startChat: 'بدء المحادثة',
    announce: (author, text) => `${author}: ${text}`,
    messagesLabel: 'المحادثة',
  },
};
