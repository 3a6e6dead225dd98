"""What readers see for coded values: labels (keys are the allowed values of schemas/communs.schema.json,
checked by a test), French dates and numbers."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

STEPS = {
    "definition-besoin": "Définition du besoin",
    "specification-technique": "Spécification technique",
    "critere-selection": "Critère de sélection",
    "critere-attribution": "Critère d'attribution",
    "condition-execution": "Condition d'exécution",
    "variante": "Variante",
    "suivi": "Suivi de l'exécution",
}
DOCUMENTS = {
    "RC": "Règlement de la consultation (RC)",
    "CCAP": "Cahier des clauses administratives particulières (CCAP)",
    "CCTP": "Cahier des clauses techniques particulières (CCTP)",
    "AE": "Acte d'engagement (AE)",
    "BPU": "Bordereau des prix unitaires (BPU)",
    "DPGF": "Décomposition du prix global et forfaitaire (DPGF)",
    "cadre-reponse": "Cadre de réponse technique",
}
KINDS = {"clauses": "Clause", "veille": "Texte", "retours": "Retour d'expérience"}  # what an entry is, in a result
LEVELS = {"socle": "Essentielle", "avance": "Avancée"}  # good practice: what the law imposes is in data/obligations
BUYER_TYPES = {
    "region": "Région", "departement": "Département", "commune": "Commune", "epci": "Intercommunalité",
    "lycee": "Lycée", "bailleur-social": "Bailleur social", "etat": "Service de l'État",
    "etablissement-public": "Établissement public", "hopital": "Établissement de santé", "autre": "Autre acheteur public",
}
ACTOR_TYPES = {
    "eco-organisme": "Éco-organisme", "reseau": "Réseau", "organisme-label": "Organisme de label",
    "reemploi-ess": "Réemploi et économie sociale et solidaire", "institution": "Institution",
    "federation": "Fédération professionnelle",
}
STATUS_LABELS = {"en-vigueur": "En vigueur", "a-venir": "À venir", "termine": "Terminé", "abroge": "Abrogé"}
TERRITORIES = {"ile-de-france": "Île-de-France", "autre-region": "Hors Île-de-France", "national": "National"}
CONTRACT_NATURES = {"fournitures": "Fournitures", "services": "Services", "travaux": "Travaux"}
INDICATORS = {
    "reemploi-reutilisation": "Réemploi ou réutilisation",
    "matieres-recyclees": "Matières recyclées",
    "durables-qualite": "Produits durables et de qualité",
    "bio": "Produits biologiques ou en conversion",
    "viandes-poissons-durables": "Viandes et produits de la pêche durables et de qualité",
    "reemploi-materiel-reforme": "Matériel informatique réformé orienté vers le réemploi ou la réutilisation",
}
# the same indicators in running text: « N % issus du réemploi… »
INDICATOR_PHRASES = {
    "reemploi-reutilisation": "issus du réemploi ou de la réutilisation",
    "matieres-recyclees": "intégrant des matières recyclées",
    "durables-qualite": "de produits durables et de qualité",
    "bio": "de produits biologiques ou en conversion",
    "viandes-poissons-durables": "de viandes et produits de la pêche durables et de qualité",
    "reemploi-materiel-reforme": "du matériel informatique réformé orienté vers le réemploi ou la réutilisation",
}
CATERING = {
    "collective-publique": "Restauration collective dont une personne publique a la charge",
    "etat": "Restaurants gérés par l'État, ses établissements publics ou une entreprise publique nationale",
    "scolaire": "Restauration scolaire",
}
CHANGE_NATURES = {"creation": "première version publiée", "redaction": "rédaction", "base-juridique": "base juridique",
                  "chiffres": "chiffres", "correction": "correction mineure"}
# label of each shared definition, for the test that keeps them in step with the schemas
BY_DEFINITION = {"etape": STEPS, "document": DOCUMENTS, "niveau": LEVELS, "type_acheteur": BUYER_TYPES,
                 "type_acteur": ACTOR_TYPES, "territoire": TERRITORIES, "nature_marche": CONTRACT_NATURES,
                 "indicateur": INDICATORS, "restauration": CATERING, "nature_modification": CHANGE_NATURES}


def french_date(value) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    text = format_date(value, format="d MMMM y", locale="fr_FR")
    return "1er" + text[1:] if value.day == 1 else text


def format_number(value) -> str:
    """French decimal comma and grouping: 1 234,5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(value, locale="fr_FR")
