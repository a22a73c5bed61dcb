// Words of the referee's questionnaire, French first. Referees usually have no forum
// account, so this page is the service's own; both languages must hold every key (the
// type makes a missing English string a compile error).

const fr = {
  title: "Questionnaire de référence",
  site: "Annuaire Emancip'Asso",
  switch_language: "Read in English",
  intro:
    "{provider} demande à figurer dans l'annuaire des prestataires d'Emancip'Asso et vous cite comme référence. Vos réponses servent uniquement à vérifier cette candidature ; elles ne sont pas publiées.",
  claim_heading: "Ce que déclare le prestataire",
  claim_association: "Association",
  claim_number: "Numéro RNA / SIREN",
  claim_period: "Période",
  claim_summary: "Projet",
  claim_kinds: "Accompagnement réalisé",
  period_value: "de {start} à {end}",
  expires: "Ce lien est valable jusqu'au {date}.",
  required: "obligatoire",
  happened_legend: "Le projet décrit ci-dessus a-t-il bien eu lieu avec {provider} ?",
  yes: "Oui",
  no: "Non",
  period_legend: "Période du projet",
  period_hint: "Mois et année, au format AAAA-MM (par exemple 2025-03).",
  period_start: "Début",
  period_end: "Fin",
  phases_legend: "Quelles étapes {provider} a-t-il réellement réalisées ?",
  phases_hint: "Cochez ce qui a été fait ; laissez vide ce qui ne l'a pas été.",
  satisfaction_legend: "Êtes-vous satisfait·e de l'accompagnement ?",
  satisfaction_hint: "De 1 (pas du tout) à 5 (tout à fait).",
  recommend_legend: "Recommanderiez-vous {provider} à une autre association ?",
  comment: "Commentaire (facultatif)",
  comment_hint: "Ce qui s'est bien passé, ce qui aurait pu mieux se passer.",
  consent:
    "J'accepte que mes nom et adresse électronique soient conservés avec ma réponse tant que le prestataire figure dans l'annuaire (sinon, ils sont effacés après l'examen de la candidature).",
  send: "Envoyer ma réponse",
  decline_heading: "Vous ne souhaitez pas répondre ?",
  decline_reason: "Raison (facultatif)",
  decline_button: "Décliner ce questionnaire",
  proconnect_heading: "Confirmer votre organisation (facultatif)",
  proconnect_text:
    "Si votre association dispose d'un compte ProConnect, vous pouvez confirmer que vous agissez bien pour elle. Une nouvelle fenêtre s'ouvre ; revenez ensuite ici pour envoyer votre réponse.",
  proconnect_button: "Confirmer mon organisation avec ProConnect",
  proconnect_confirmed: "Organisation confirmée avec ProConnect (SIRET {siret}).",
  proconnect_mismatch:
    "ProConnect indique le SIRET {siret}, qui ne correspond pas au numéro déclaré. Cet écart est signalé à l'équipe de modération ; vous pouvez tout de même répondre.",
  proconnect_not_comparable:
    "ProConnect indique le SIRET {siret}. Le numéro déclaré est un numéro RNA : l'équipe de modération fera le rapprochement.",
  proconnect_done_title: "Confirmation ProConnect",
  proconnect_redirect: "Vous allez être dirigé·e vers ProConnect pour vous identifier.",
  proconnect_continue: "Continuer vers ProConnect",
  proconnect_done_close: "Vous pouvez fermer cette fenêtre et revenir au questionnaire.",
  proconnect_failed: "La confirmation avec ProConnect n'a pas abouti. Vous pouvez répondre au questionnaire sans elle.",
  proconnect_unavailable: "La confirmation avec ProConnect n'est pas disponible pour le moment.",
  error_summary: "Le formulaire contient {count} erreur(s) :",
  error_required: "Ce champ est obligatoire.",
  error_month: "Indiquez un mois au format AAAA-MM.",
  error_month_in_future: "Ce mois est dans le futur.",
  error_period_reversed: "La fin ne peut pas précéder le début.",
  error_phase_not_claimed: "Choisissez parmi les étapes proposées.",
  error_invalid: "Cette valeur n'est pas valide.",
  error_too_long: "Ce texte est trop long.",
  thanks_title: "Merci pour votre réponse",
  thanks_text:
    "Votre réponse est enregistrée. L'équipe de modération d'Emancip'Asso l'examinera avec la candidature de {provider}.",
  declined_title: "Questionnaire décliné",
  declined_text: "C'est noté : vous ne serez plus sollicité·e pour cette référence.",
  gone_title: "Ce questionnaire est clos",
  gone_answered: "Ce questionnaire a déjà reçu une réponse. Merci !",
  gone_declined: "Ce questionnaire a été décliné.",
  gone_expired: "Ce lien a expiré. Si vous souhaitez encore répondre, prévenez le prestataire : il pourra demander un nouvel envoi.",
  not_found_title: "Lien introuvable",
  not_found_text: "Ce lien de questionnaire n'existe pas. Vérifiez qu'il est complet (il figure dans le courriel reçu).",
  csrf_title: "Formulaire expiré",
  csrf_text: "Ce formulaire a expiré ou n'a pas été reconnu. Rechargez la page, puis renvoyez votre réponse.",
  reload: "Revenir au questionnaire",
  bad_request_title: "Demande non valide",
  bad_request_text: "Cette demande n'a pas pu être lue.",
  rate_limited_title: "Trop de demandes",
  rate_limited_text: "Trop de demandes ont été faites depuis ce lien ou cette adresse. Réessayez dans quelques minutes.",
} as const;

export type QuestionnaireKey = keyof typeof fr;

const en: Record<QuestionnaireKey, string> = {
  title: "Reference questionnaire",
  site: "Emancip'Asso directory",
  switch_language: "Lire en français",
  intro:
    "{provider} is applying to be listed in the Emancip'Asso directory of providers and names you as a reference. Your answers are only used to check this application; they are not published.",
  claim_heading: "What the provider declares",
  claim_association: "Association",
  claim_number: "RNA / SIREN number",
  claim_period: "Period",
  claim_summary: "Project",
  claim_kinds: "Support delivered",
  period_value: "from {start} to {end}",
  expires: "This link is valid until {date}.",
  required: "required",
  happened_legend: "Did the project described above take place with {provider}?",
  yes: "Yes",
  no: "No",
  period_legend: "Period of the project",
  period_hint: "Month and year, as YYYY-MM (for example 2025-03).",
  period_start: "Start",
  period_end: "End",
  phases_legend: "Which steps did {provider} actually deliver?",
  phases_hint: "Tick what was done; leave blank what was not.",
  satisfaction_legend: "Are you satisfied with the support?",
  satisfaction_hint: "From 1 (not at all) to 5 (completely).",
  recommend_legend: "Would you recommend {provider} to another association?",
  comment: "Comment (optional)",
  comment_hint: "What went well, what could have gone better.",
  consent:
    "I agree that my name and e-mail address are kept with my answer while the provider is listed (otherwise they are erased once the application has been reviewed).",
  send: "Send my answer",
  decline_heading: "You would rather not answer?",
  decline_reason: "Reason (optional)",
  decline_button: "Decline this questionnaire",
  proconnect_heading: "Confirm your organisation (optional)",
  proconnect_text:
    "If your association has a ProConnect account, you can confirm that you act for it. A new window opens; then come back here to send your answer.",
  proconnect_button: "Confirm my organisation with ProConnect",
  proconnect_confirmed: "Organisation confirmed with ProConnect (SIRET {siret}).",
  proconnect_mismatch:
    "ProConnect gives SIRET {siret}, which does not match the declared number. The moderators will see this difference; you can still answer.",
  proconnect_not_comparable:
    "ProConnect gives SIRET {siret}. The declared number is an RNA number: the moderators will match them.",
  proconnect_done_title: "ProConnect confirmation",
  proconnect_redirect: "You are being taken to ProConnect to sign in.",
  proconnect_continue: "Continue to ProConnect",
  proconnect_done_close: "You can close this window and go back to the questionnaire.",
  proconnect_failed: "Confirmation with ProConnect did not succeed. You can answer the questionnaire without it.",
  proconnect_unavailable: "Confirmation with ProConnect is not available at the moment.",
  error_summary: "The form has {count} error(s):",
  error_required: "This field is required.",
  error_month: "Give a month as YYYY-MM.",
  error_month_in_future: "This month is in the future.",
  error_period_reversed: "The end cannot come before the start.",
  error_phase_not_claimed: "Choose among the steps offered.",
  error_invalid: "This value is not valid.",
  error_too_long: "This text is too long.",
  thanks_title: "Thank you for your answer",
  thanks_text:
    "Your answer is recorded. The Emancip'Asso moderators will review it with {provider}'s application.",
  declined_title: "Questionnaire declined",
  declined_text: "Noted: you will not be asked again about this reference.",
  gone_title: "This questionnaire is closed",
  gone_answered: "This questionnaire has already been answered. Thank you!",
  gone_declined: "This questionnaire was declined.",
  gone_expired: "This link has expired. If you still wish to answer, tell the provider: they can ask for a new one.",
  not_found_title: "Link not found",
  not_found_text: "This questionnaire link does not exist. Check that it is complete (it is in the e-mail you received).",
  csrf_title: "Form expired",
  csrf_text: "This form expired or was not recognised. Reload the page, then send your answer again.",
  reload: "Back to the questionnaire",
  bad_request_title: "Invalid request",
  bad_request_text: "This request could not be read.",
  rate_limited_title: "Too many requests",
  rate_limited_text: "Too many requests came from this link or this address. Try again in a few minutes.",
};

export type PageLocale = "fr" | "en";

const STRINGS: Record<PageLocale, Record<QuestionnaireKey, string>> = { fr, en };

/** The string in this language, {name} placeholders filled in (values are not escaped here). */
export function t(
  locale: PageLocale,
  key: QuestionnaireKey,
  params: Record<string, string | number> = {}
): string {
  return STRINGS[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole
  );
}
