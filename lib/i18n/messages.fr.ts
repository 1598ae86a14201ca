/**
 * French, the product's first language: every key starts here; messages.en.ts mirrors it (its
 * type is this one's). The dashboard's sections live in ./fr/*.ts, one file per area.
 */
import { frAdmin } from "./fr/admin";
import { frBilling } from "./fr/billing";
import { frCommon } from "./fr/common";
import { frDashboard } from "./fr/dashboard";
import { frDetail } from "./fr/detail";
import { frInstances } from "./fr/instances";

export const fr = {
  ...frCommon,
  ...frDashboard,
  ...frInstances,
  ...frDetail,
  ...frBilling,
  ...frAdmin,
  app: { name: "AfrikaPharma Console", tagline: "Console SuperAdmin" },
  nav: {
    dashboard: "Vue d'ensemble",
    instances: "Instances",
    subscriptions: "Abonnements",
    payments: "Paiements",
    notifications: "Notifications",
    templates: "Modèles",
    audit: "Journal d'audit",
    settings: "Paramètres",
    signOut: "Se déconnecter",
    language: "Langue",
    main: "Navigation principale",
    skip: "Aller au contenu",
  },
  plans: { TRIAL: "Essai", MONTHLY: "Mensuel", ANNUAL: "Annuel", LIFETIME: "À vie" },
  roles: { SUPER_ADMIN: "Super-admin", SUPPORT: "Support (lecture seule)" },
  signIn: {
    title: "Connexion",
    subtitle: "Accès réservé aux administrateurs AfrikaPharma.",
    email: "Adresse e-mail",
    password: "Mot de passe",
    submit: "Se connecter",
    submitting: "Connexion…",
    invalid: "E-mail ou mot de passe incorrect.",
    rateLimited: "Trop de tentatives. Réessayez dans quelques minutes.",
    failed: "La connexion a échoué. Réessayez.",
  },
  banners: {
    simulatedDeploy: "Déploiements simulés : aucune instance n'est réellement déployée sur Vercel.",
    sandboxPayments: "Paiements en mode bac à sable : aucun argent réel n'est encaissé.",
    devMailbox: "Boîte de développement : les e-mails et messages WhatsApp ne sont pas envoyés, ils sont visibles dans Notifications.",
    embeddedDb: "Base PostgreSQL intégrée (.data/) : pour la production, définissez DATABASE_URL.",
    label: "Pilotes locaux",
    short: { simulatedDeploy: "déploiements simulés", sandboxPayments: "paiements bac à sable", devMailbox: "boîte de développement", embeddedDb: "base intégrée" },
  },
  outbox: {
    title: "Boîte d'envoi",
    subtitle: "E-mails et messages WhatsApp envoyés aux pharmacies, du plus récent au plus ancien.",
    filters: "Filtres",
    status: "Statut",
    channel: "Canal",
    all: "Tous",
    apply: "Filtrer",
    reset: "Réinitialiser",
    invalidFilter: "Filtre ignoré : {message}",
    instance: "Instance (identifiant)",
    template: "Modèle",
    caption: "Messages de la boîte d'envoi",
    resend: "Renvoyer",
    resent: "Message remis en file d'envoi.",
    columns: {
      status: "Statut",
      channel: "Canal",
      template: "Modèle",
      recipient: "Destinataire",
      subject: "Objet",
      attempts: "Tentatives",
      lastError: "Dernière erreur",
      createdAt: "Créé le",
      sentAt: "Envoyé le",
      details: "Détails",
    },
    statuses: {
      QUEUED: "En attente",
      SENDING: "En cours d'envoi",
      SENT: "Envoyé",
      DELIVERED: "Remis",
      FAILED: "Échec",
      SUPPRESSED: "Non envoyé",
    },
    channels: { EMAIL: "E-mail", WHATSAPP: "WhatsApp" },
    empty: "Aucun message ne correspond à ces filtres.",
    next: "Page suivante",
    first: "Première page",
    view: "Voir",
    back: "Retour à la boîte d'envoi",
    detail: {
      title: "Message {id}",
      summary: "Résumé",
      text: "Texte du message",
      html: "Aperçu HTML",
      htmlFrame: "Aperçu du message HTML (isolé)",
      noHtml: "Ce message n'a pas de partie HTML.",
      provider: "Identifiant fournisseur",
      driver: "Pilote",
      dedupeKey: "Clé de déduplication",
      nextAttempt: "Prochaine tentative",
      deliveredAt: "Remis le",
      failedAt: "Échec le",
      locale: "Langue",
      version: "Version du modèle",
      defaultVersion: "modèle par défaut",
      instance: "Instance",
      none: "—",
    },
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof fr>;
