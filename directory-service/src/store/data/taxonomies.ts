// Reference taxonomies of the directory: kinds of support, association sizes,
// modalities, structure types, price models and the official French regions and
// departments (INSEE codes, overseas included). Kept as plain data so that the
// vocabulary can change without touching the rules that use it. Keys are stable
// ASCII identifiers stored with providers; labels are what members read.
import type { TaxonomyEntry, TaxonomyName } from "../../contract/index.ts";

/** An entry without a parent (every taxonomy but departments). */
const entry = (key: string, fr: string, en: string): TaxonomyEntry => ({
  key,
  label: { fr, en },
  parent: null,
});

/** A department: its official name reads the same in English; parent = its region. */
const department = (code: string, name: string, region: string): TaxonomyEntry => ({
  key: code,
  label: { fr: name, en: name },
  parent: region,
});

const SUPPORT_KINDS: TaxonomyEntry[] = [
  entry("sensibilisation", "Sensibilisation", "Awareness raising"),
  entry("diagnostic", "Diagnostic numérique", "Digital assessment"),
  entry("strategie", "Stratégie / feuille de route", "Strategy / roadmap"),
  entry(
    "cahier-des-charges",
    "Cahier des charges / AMO",
    "Requirements / project owner assistance",
  ),
  entry("choix-outils", "Choix d'outils / préconisations", "Tool selection / recommendations"),
  entry("migration", "Migration des données", "Data migration"),
  entry("deploiement", "Déploiement / paramétrage", "Deployment / configuration"),
  entry("hebergement", "Hébergement", "Hosting"),
  entry("formation", "Formation des utilisateur·ices", "User training"),
  entry("accompagnement-changement", "Accompagnement au changement", "Change management"),
  entry("support-maintenance", "Support / maintenance", "Support / maintenance"),
  entry("documentation", "Documentation", "Documentation"),
  entry("recherche-financements", "Recherche de financements", "Funding search"),
  entry("developpement", "Développement spécifique", "Custom development"),
];

const ASSOCIATION_SIZES: TaxonomyEntry[] = [
  entry("benevoles", "Bénévoles uniquement", "Volunteers only"),
  entry("petite", "Petite (moins de 10 actifs)", "Small (fewer than 10 active members)"),
  entry(
    "moyenne",
    "Moyenne (jusqu'à ~50 utilisateurs, quelques salariés)",
    "Medium (up to ~50 users, a few employees)",
  ),
  entry(
    "grande",
    "Grande (fédérations, réseaux, plus de 50 salariés)",
    "Large (federations, networks, more than 50 employees)",
  ),
];

const MODALITIES: TaxonomyEntry[] = [
  entry("sur-site", "Sur site", "On site"),
  entry("a-distance", "À distance", "Remote"),
  entry("hybride", "Hybride", "Hybrid"),
];

const STRUCTURE_TYPES: TaxonomyEntry[] = [
  entry("association", "Association", "Non-profit association"),
  entry(
    "cooperative",
    "Coopérative (SCOP, SCIC, CAE)",
    "Cooperative (worker, multi-stakeholder or business and employment co-op)",
  ),
  entry("entreprise", "Entreprise", "Company"),
  entry("independant", "Indépendant·e", "Freelancer"),
  entry("collectivite-autre", "Collectivité / autre", "Local authority / other"),
];

const PRICE_MODELS: TaxonomyEntry[] = [
  entry("prix-libre", "Prix libre", "Pay what you can"),
  entry("tarif-solidaire", "Tarif solidaire", "Solidarity rate"),
  entry("devis", "Sur devis", "On quotation"),
  entry("tarif-journalier", "Tarif journalier", "Day rate"),
];

/** The 18 regions since 2016, INSEE codes (overseas regions 01–06). */
const REGIONS: TaxonomyEntry[] = [
  entry("01", "Guadeloupe", "Guadeloupe"),
  entry("02", "Martinique", "Martinique"),
  entry("03", "Guyane", "French Guiana"),
  entry("04", "La Réunion", "Réunion"),
  entry("06", "Mayotte", "Mayotte"),
  entry("11", "Île-de-France", "Île-de-France"),
  entry("24", "Centre-Val de Loire", "Centre-Val de Loire"),
  entry("27", "Bourgogne-Franche-Comté", "Bourgogne-Franche-Comté"),
  entry("28", "Normandie", "Normandy"),
  entry("32", "Hauts-de-France", "Hauts-de-France"),
  entry("44", "Grand Est", "Grand Est"),
  entry("52", "Pays de la Loire", "Pays de la Loire"),
  entry("53", "Bretagne", "Brittany"),
  entry("75", "Nouvelle-Aquitaine", "Nouvelle-Aquitaine"),
  entry("76", "Occitanie", "Occitania"),
  entry("84", "Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes"),
  entry("93", "Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d'Azur"),
  entry("94", "Corse", "Corsica"),
];

/** The 101 departments (INSEE codes and official names), each with its region. */
const DEPARTMENTS: TaxonomyEntry[] = [
  department("01", "Ain", "84"),
  department("02", "Aisne", "32"),
  department("03", "Allier", "84"),
  department("04", "Alpes-de-Haute-Provence", "93"),
  department("05", "Hautes-Alpes", "93"),
  department("06", "Alpes-Maritimes", "93"),
  department("07", "Ardèche", "84"),
  department("08", "Ardennes", "44"),
  department("09", "Ariège", "76"),
  department("10", "Aube", "44"),
  department("11", "Aude", "76"),
  department("12", "Aveyron", "76"),
  department("13", "Bouches-du-Rhône", "93"),
  department("14", "Calvados", "28"),
  department("15", "Cantal", "84"),
  department("16", "Charente", "75"),
  department("17", "Charente-Maritime", "75"),
  department("18", "Cher", "24"),
  department("19", "Corrèze", "75"),
  department("2A", "Corse-du-Sud", "94"),
  department("2B", "Haute-Corse", "94"),
  department("21", "Côte-d'Or", "27"),
  department("22", "Côtes-d'Armor", "53"),
  department("23", "Creuse", "75"),
  department("24", "Dordogne", "75"),
  department("25", "Doubs", "27"),
  department("26", "Drôme", "84"),
  department("27", "Eure", "28"),
  department("28", "Eure-et-Loir", "24"),
  department("29", "Finistère", "53"),
  department("30", "Gard", "76"),
  department("31", "Haute-Garonne", "76"),
  department("32", "Gers", "76"),
  department("33", "Gironde", "75"),
  department("34", "Hérault", "76"),
  department("35", "Ille-et-Vilaine", "53"),
  department("36", "Indre", "24"),
  department("37", "Indre-et-Loire", "24"),
  department("38", "Isère", "84"),
  department("39", "Jura", "27"),
  department("40", "Landes", "75"),
  department("41", "Loir-et-Cher", "24"),
  department("42", "Loire", "84"),
  department("43", "Haute-Loire", "84"),
  department("44", "Loire-Atlantique", "52"),
  department("45", "Loiret", "24"),
  department("46", "Lot", "76"),
  department("47", "Lot-et-Garonne", "75"),
  department("48", "Lozère", "76"),
  department("49", "Maine-et-Loire", "52"),
  department("50", "Manche", "28"),
  department("51", "Marne", "44"),
  department("52", "Haute-Marne", "44"),
  department("53", "Mayenne", "52"),
  department("54", "Meurthe-et-Moselle", "44"),
  department("55", "Meuse", "44"),
  department("56", "Morbihan", "53"),
  department("57", "Moselle", "44"),
  department("58", "Nièvre", "27"),
  department("59", "Nord", "32"),
  department("60", "Oise", "32"),
  department("61", "Orne", "28"),
  department("62", "Pas-de-Calais", "32"),
  department("63", "Puy-de-Dôme", "84"),
  department("64", "Pyrénées-Atlantiques", "75"),
  department("65", "Hautes-Pyrénées", "76"),
  department("66", "Pyrénées-Orientales", "76"),
  department("67", "Bas-Rhin", "44"),
  department("68", "Haut-Rhin", "44"),
  department("69", "Rhône", "84"),
  department("70", "Haute-Saône", "27"),
  department("71", "Saône-et-Loire", "27"),
  department("72", "Sarthe", "52"),
  department("73", "Savoie", "84"),
  department("74", "Haute-Savoie", "84"),
  department("75", "Paris", "11"),
  department("76", "Seine-Maritime", "28"),
  department("77", "Seine-et-Marne", "11"),
  department("78", "Yvelines", "11"),
  department("79", "Deux-Sèvres", "75"),
  department("80", "Somme", "32"),
  department("81", "Tarn", "76"),
  department("82", "Tarn-et-Garonne", "76"),
  department("83", "Var", "93"),
  department("84", "Vaucluse", "93"),
  department("85", "Vendée", "52"),
  department("86", "Vienne", "75"),
  department("87", "Haute-Vienne", "75"),
  department("88", "Vosges", "44"),
  department("89", "Yonne", "27"),
  department("90", "Territoire de Belfort", "27"),
  department("91", "Essonne", "11"),
  department("92", "Hauts-de-Seine", "11"),
  department("93", "Seine-Saint-Denis", "11"),
  department("94", "Val-de-Marne", "11"),
  department("95", "Val-d'Oise", "11"),
  department("971", "Guadeloupe", "01"),
  department("972", "Martinique", "02"),
  department("973", "Guyane", "03"),
  department("974", "La Réunion", "04"),
  department("976", "Mayotte", "06"),
];

export const TAXONOMIES: Record<TaxonomyName, TaxonomyEntry[]> = {
  support_kinds: SUPPORT_KINDS,
  association_sizes: ASSOCIATION_SIZES,
  modalities: MODALITIES,
  structure_types: STRUCTURE_TYPES,
  price_models: PRICE_MODELS,
  regions: REGIONS,
  departments: DEPARTMENTS,
};
