/**
 * Every message the console sends: its key, the variables it may use, and the default wording in
 * French and English for email (subject + text; the HTML part is derived from the text) and
 * WhatsApp (text; business-initiated messages go out through an approved Twilio Content Template
 * whose numbered variables follow `whatsappVariables`).
 */
export const COMMON_VARIABLES = ["pharmacyName", "ownerName", "subdomain", "instanceUrl", "statusLink", "supportEmail"] as const;

type Copy = { subject: string; text: string; whatsapp: string };

export type TemplateDefinition = {
  key: TemplateKey;
  description: string;
  variables: readonly string[];
  /** Order of Twilio Content Template variables {{1}}, {{2}} … */
  whatsappVariables: readonly string[];
  defaults: { fr: Copy; en: Copy };
};

export const TEMPLATE_KEYS = [
  "welcome",
  "email_verification",
  "trial_ending",
  "subscription_expiring",
  "subscription_expired",
  "suspended_expired",
  "suspended_payment_failed",
  "instance_reactivated",
  "payment_succeeded",
  "payment_failed",
  "refund_issued",
  "payment_link",
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

const signature = {
  fr: "\n\nL'équipe AfrikaPharma\n{{supportEmail}}",
  en: "\n\nThe AfrikaPharma team\n{{supportEmail}}",
};

export const TEMPLATES: Record<TemplateKey, TemplateDefinition> = {
  welcome: {
    key: "welcome",
    description: "Instance created (trial or paid)",
    variables: [...COMMON_VARIABLES, "plan", "trialEndsAt"],
    whatsappVariables: ["pharmacyName", "instanceUrl", "trialEndsAt"],
    defaults: {
      fr: {
        subject: "Bienvenue sur AfrikaPharma, {{pharmacyName}}",
        text: `Bonjour {{ownerName}},\n\nVotre pharmacie {{pharmacyName}} est prête : {{instanceUrl}}\nFormule : {{plan}}. Fin de l'essai : {{trialEndsAt}}.\n\nVotre abonnement à tout moment : {{statusLink}}${signature.fr}`,
        whatsapp: "Bienvenue sur AfrikaPharma ! {{pharmacyName}} est prête : {{instanceUrl}}. Essai gratuit jusqu'au {{trialEndsAt}}.",
      },
      en: {
        subject: "Welcome to AfrikaPharma, {{pharmacyName}}",
        text: `Hello {{ownerName}},\n\nYour pharmacy {{pharmacyName}} is ready: {{instanceUrl}}\nPlan: {{plan}}. Trial ends: {{trialEndsAt}}.\n\nYour subscription at any time: {{statusLink}}${signature.en}`,
        whatsapp: "Welcome to AfrikaPharma! {{pharmacyName}} is ready: {{instanceUrl}}. Free trial until {{trialEndsAt}}.",
      },
    },
  },
  email_verification: {
    key: "email_verification",
    description: "Self-service sign-up: confirm the email address",
    variables: ["pharmacyName", "ownerName", "verifyLink", "expiresAt", "supportEmail"],
    whatsappVariables: ["pharmacyName", "verifyLink"],
    defaults: {
      fr: {
        subject: "Confirmez votre adresse pour créer {{pharmacyName}}",
        text: `Bonjour {{ownerName}},\n\nConfirmez votre adresse e-mail pour créer votre pharmacie {{pharmacyName}} sur AfrikaPharma :\n{{verifyLink}}\n\nCe lien est valable jusqu'au {{expiresAt}}. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.${signature.fr}`,
        whatsapp: "Confirmez la création de {{pharmacyName}} : {{verifyLink}}",
      },
      en: {
        subject: "Confirm your address to create {{pharmacyName}}",
        text: `Hello {{ownerName}},\n\nConfirm your email address to create your pharmacy {{pharmacyName}} on AfrikaPharma:\n{{verifyLink}}\n\nThis link is valid until {{expiresAt}}. If you did not ask for this, ignore this message.${signature.en}`,
        whatsapp: "Confirm the creation of {{pharmacyName}}: {{verifyLink}}",
      },
    },
  },
  trial_ending: {
    key: "trial_ending",
    description: "The trial ends soon (reminder window, and the last day)",
    variables: [...COMMON_VARIABLES, "expiresAt", "daysLeft", "paymentLink"],
    whatsappVariables: ["pharmacyName", "expiresAt", "paymentLink"],
    defaults: {
      fr: {
        subject: "Votre essai AfrikaPharma se termine le {{expiresAt}}",
        text: `Bonjour {{ownerName}},\n\nL'essai gratuit de {{pharmacyName}} se termine le {{expiresAt}} (dans {{daysLeft}} jour(s)).\nPour continuer sans interruption, choisissez votre formule :\n{{paymentLink}}${signature.fr}`,
        whatsapp: "AfrikaPharma : l'essai de {{pharmacyName}} se termine le {{expiresAt}}. Pour continuer : {{paymentLink}}",
      },
      en: {
        subject: "Your AfrikaPharma trial ends on {{expiresAt}}",
        text: `Hello {{ownerName}},\n\nThe free trial of {{pharmacyName}} ends on {{expiresAt}} (in {{daysLeft}} day(s)).\nTo keep going without interruption, choose your plan:\n{{paymentLink}}${signature.en}`,
        whatsapp: "AfrikaPharma: the trial of {{pharmacyName}} ends on {{expiresAt}}. To continue: {{paymentLink}}",
      },
    },
  },
  subscription_expiring: {
    key: "subscription_expiring",
    description: "A paid period ends soon",
    variables: [...COMMON_VARIABLES, "plan", "expiresAt", "daysLeft", "paymentLink", "renewalNote"],
    whatsappVariables: ["pharmacyName", "plan", "expiresAt", "paymentLink"],
    defaults: {
      fr: {
        subject: "Votre abonnement {{plan}} expire le {{expiresAt}}",
        text: `Bonjour {{ownerName}},\n\nL'abonnement {{plan}} de {{pharmacyName}} expire le {{expiresAt}} (dans {{daysLeft}} jour(s)).\n{{renewalNote}}\nRenouveler maintenant : {{paymentLink}}${signature.fr}`,
        whatsapp: "AfrikaPharma : l'abonnement {{plan}} de {{pharmacyName}} expire le {{expiresAt}}. Renouveler : {{paymentLink}}",
      },
      en: {
        subject: "Your {{plan}} subscription expires on {{expiresAt}}",
        text: `Hello {{ownerName}},\n\nThe {{plan}} subscription of {{pharmacyName}} expires on {{expiresAt}} (in {{daysLeft}} day(s)).\n{{renewalNote}}\nRenew now: {{paymentLink}}${signature.en}`,
        whatsapp: "AfrikaPharma: the {{plan}} subscription of {{pharmacyName}} expires on {{expiresAt}}. Renew: {{paymentLink}}",
      },
    },
  },
  subscription_expired: {
    key: "subscription_expired",
    description: "The subscription ended without renewal",
    variables: [...COMMON_VARIABLES, "plan", "expiredAt", "paymentLink"],
    whatsappVariables: ["pharmacyName", "expiredAt", "paymentLink"],
    defaults: {
      fr: {
        subject: "L'abonnement de {{pharmacyName}} a expiré",
        text: `Bonjour {{ownerName}},\n\nL'abonnement {{plan}} de {{pharmacyName}} a expiré le {{expiredAt}}. Vos données sont conservées.\nRéactivez votre pharmacie en payant ici :\n{{paymentLink}}${signature.fr}`,
        whatsapp: "AfrikaPharma : l'abonnement de {{pharmacyName}} a expiré le {{expiredAt}}. Réactiver : {{paymentLink}}",
      },
      en: {
        subject: "The subscription of {{pharmacyName}} has expired",
        text: `Hello {{ownerName}},\n\nThe {{plan}} subscription of {{pharmacyName}} expired on {{expiredAt}}. Your data is kept.\nReactivate your pharmacy by paying here:\n{{paymentLink}}${signature.en}`,
        whatsapp: "AfrikaPharma: the subscription of {{pharmacyName}} expired on {{expiredAt}}. Reactivate: {{paymentLink}}",
      },
    },
  },
  suspended_expired: {
    key: "suspended_expired",
    description: "Instance suspended because the subscription expired",
    variables: [...COMMON_VARIABLES, "paymentLink"],
    whatsappVariables: ["pharmacyName", "paymentLink"],
    defaults: {
      fr: {
        subject: "{{pharmacyName}} est suspendue",
        text: `Bonjour {{ownerName}},\n\n{{pharmacyName}} est suspendue car son abonnement a expiré. Vos données sont conservées et tout redémarre dès le paiement :\n{{paymentLink}}${signature.fr}`,
        whatsapp: "AfrikaPharma : {{pharmacyName}} est suspendue (abonnement expiré). Réactiver : {{paymentLink}}",
      },
      en: {
        subject: "{{pharmacyName}} is suspended",
        text: `Hello {{ownerName}},\n\n{{pharmacyName}} is suspended because its subscription expired. Your data is kept and everything restarts as soon as you pay:\n{{paymentLink}}${signature.en}`,
        whatsapp: "AfrikaPharma: {{pharmacyName}} is suspended (subscription expired). Reactivate: {{paymentLink}}",
      },
    },
  },
  suspended_payment_failed: {
    key: "suspended_payment_failed",
    description: "Instance suspended after three failed renewal payments",
    variables: [...COMMON_VARIABLES, "paymentLink", "amount"],
    whatsappVariables: ["pharmacyName", "amount", "paymentLink"],
    defaults: {
      fr: {
        subject: "{{pharmacyName}} est suspendue : paiement refusé",
        text: `Bonjour {{ownerName}},\n\nNous n'avons pas pu encaisser le renouvellement de {{pharmacyName}} ({{amount}}) après trois tentatives. La pharmacie est suspendue ; vos données sont conservées.\nPayez ici pour la réactiver immédiatement :\n{{paymentLink}}${signature.fr}`,
        whatsapp: "AfrikaPharma : {{pharmacyName}} est suspendue après 3 paiements refusés ({{amount}}). Payer : {{paymentLink}}",
      },
      en: {
        subject: "{{pharmacyName}} is suspended: payment declined",
        text: `Hello {{ownerName}},\n\nWe could not collect the renewal of {{pharmacyName}} ({{amount}}) after three attempts. The pharmacy is suspended; your data is kept.\nPay here to reactivate it at once:\n{{paymentLink}}${signature.en}`,
        whatsapp: "AfrikaPharma: {{pharmacyName}} is suspended after 3 declined payments ({{amount}}). Pay: {{paymentLink}}",
      },
    },
  },
  instance_reactivated: {
    key: "instance_reactivated",
    description: "Instance reactivated (payment or super-admin)",
    variables: [...COMMON_VARIABLES, "plan", "expiresAt"],
    whatsappVariables: ["pharmacyName", "instanceUrl"],
    defaults: {
      fr: {
        subject: "{{pharmacyName}} est de nouveau active",
        text: `Bonjour {{ownerName}},\n\n{{pharmacyName}} est de nouveau active : {{instanceUrl}}\nFormule {{plan}}, jusqu'au {{expiresAt}}.${signature.fr}`,
        whatsapp: "AfrikaPharma : {{pharmacyName}} est de nouveau active : {{instanceUrl}}",
      },
      en: {
        subject: "{{pharmacyName}} is active again",
        text: `Hello {{ownerName}},\n\n{{pharmacyName}} is active again: {{instanceUrl}}\n{{plan}} plan, until {{expiresAt}}.${signature.en}`,
        whatsapp: "AfrikaPharma: {{pharmacyName}} is active again: {{instanceUrl}}",
      },
    },
  },
  payment_succeeded: {
    key: "payment_succeeded",
    description: "Payment received, with the invoice",
    variables: [...COMMON_VARIABLES, "amount", "plan", "periodEnd", "invoiceNumber", "invoiceLink"],
    whatsappVariables: ["pharmacyName", "amount", "invoiceLink"],
    defaults: {
      fr: {
        subject: "Paiement reçu : {{amount}} — facture {{invoiceNumber}}",
        text: `Bonjour {{ownerName}},\n\nNous avons bien reçu {{amount}} pour {{pharmacyName}} (formule {{plan}}, jusqu'au {{periodEnd}}). Merci !\nFacture {{invoiceNumber}} : {{invoiceLink}}${signature.fr}`,
        whatsapp: "AfrikaPharma : paiement de {{amount}} reçu pour {{pharmacyName}}. Facture : {{invoiceLink}}",
      },
      en: {
        subject: "Payment received: {{amount}} — invoice {{invoiceNumber}}",
        text: `Hello {{ownerName}},\n\nWe received {{amount}} for {{pharmacyName}} ({{plan}} plan, until {{periodEnd}}). Thank you!\nInvoice {{invoiceNumber}}: {{invoiceLink}}${signature.en}`,
        whatsapp: "AfrikaPharma: payment of {{amount}} received for {{pharmacyName}}. Invoice: {{invoiceLink}}",
      },
    },
  },
  payment_failed: {
    key: "payment_failed",
    description: "A payment failed, with a link to pay",
    variables: [...COMMON_VARIABLES, "amount", "plan", "reason", "paymentLink", "attemptsLeft"],
    whatsappVariables: ["pharmacyName", "amount", "paymentLink"],
    defaults: {
      fr: {
        subject: "Paiement refusé pour {{pharmacyName}}",
        text: `Bonjour {{ownerName}},\n\nLe paiement de {{amount}} pour {{pharmacyName}} (formule {{plan}}) a échoué : {{reason}}.\nNouvelles tentatives automatiques restantes : {{attemptsLeft}}. Vous pouvez aussi payer maintenant :\n{{paymentLink}}${signature.fr}`,
        whatsapp: "AfrikaPharma : le paiement de {{amount}} pour {{pharmacyName}} a échoué. Payer : {{paymentLink}}",
      },
      en: {
        subject: "Payment declined for {{pharmacyName}}",
        text: `Hello {{ownerName}},\n\nThe payment of {{amount}} for {{pharmacyName}} ({{plan}} plan) failed: {{reason}}.\nAutomatic retries left: {{attemptsLeft}}. You can also pay now:\n{{paymentLink}}${signature.en}`,
        whatsapp: "AfrikaPharma: the payment of {{amount}} for {{pharmacyName}} failed. Pay: {{paymentLink}}",
      },
    },
  },
  refund_issued: {
    key: "refund_issued",
    description: "A refund was issued",
    variables: [...COMMON_VARIABLES, "amount", "reason"],
    whatsappVariables: ["pharmacyName", "amount"],
    defaults: {
      fr: {
        subject: "Remboursement de {{amount}} pour {{pharmacyName}}",
        text: `Bonjour {{ownerName}},\n\nNous avons remboursé {{amount}} pour {{pharmacyName}}. Motif : {{reason}}.\nLe délai d'arrivée dépend de votre moyen de paiement.${signature.fr}`,
        whatsapp: "AfrikaPharma : remboursement de {{amount}} émis pour {{pharmacyName}}.",
      },
      en: {
        subject: "Refund of {{amount}} for {{pharmacyName}}",
        text: `Hello {{ownerName}},\n\nWe refunded {{amount}} for {{pharmacyName}}. Reason: {{reason}}.\nHow long it takes to arrive depends on your payment method.${signature.en}`,
        whatsapp: "AfrikaPharma: refund of {{amount}} issued for {{pharmacyName}}.",
      },
    },
  },
  payment_link: {
    key: "payment_link",
    description: "A new payment link the owner asked for (expired, used or damaged link)",
    variables: [...COMMON_VARIABLES, "paymentLink", "expiresAt"],
    whatsappVariables: ["pharmacyName", "paymentLink", "expiresAt"],
    defaults: {
      fr: {
        subject: "Votre nouveau lien de paiement pour {{pharmacyName}}",
        text: `Bonjour {{ownerName}},\n\nVoici le nouveau lien de paiement demandé pour {{pharmacyName}} :\n{{paymentLink}}\n\nIl est valable jusqu'au {{expiresAt}}. Si vous n'avez rien demandé, ignorez ce message : rien n'est payé sans vous.${signature.fr}`,
        whatsapp: "AfrikaPharma : votre nouveau lien de paiement pour {{pharmacyName}} : {{paymentLink}} (valable jusqu'au {{expiresAt}}).",
      },
      en: {
        subject: "Your new payment link for {{pharmacyName}}",
        text: `Hello {{ownerName}},\n\nHere is the new payment link you asked for {{pharmacyName}}:\n{{paymentLink}}\n\nIt is valid until {{expiresAt}}. If you did not ask for it, ignore this message: nothing is paid without you.${signature.en}`,
        whatsapp: "AfrikaPharma: your new payment link for {{pharmacyName}}: {{paymentLink}} (valid until {{expiresAt}}).",
      },
    },
  },
};

export function isTemplateKey(value: string): value is TemplateKey {
  return (TEMPLATE_KEYS as readonly string[]).includes(value);
}
