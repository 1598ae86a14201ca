/** French, the product's first language: every key starts here; messages.en.ts mirrors it. */
export const fr = {
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
  },
  dashboard: {
    title: "Vue d'ensemble",
    welcome: "Bienvenue, {name}",
    totalInstances: "Instances",
    active: "Actives",
    trialing: "En essai",
    suspended: "Suspendues",
    empty: "Aucune instance pour l'instant.",
  },
  common: {
    readOnly: "Lecture seule",
    loading: "Chargement…",
    error: "Une erreur est survenue.",
    retry: "Réessayer",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof fr>;
