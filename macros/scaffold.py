"""`python -m macros.scaffold ID`: write a new, valid regulatory-watch entry to complete."""
from __future__ import annotations

import datetime as dt
import re
import sys

from .schemas import allowed, definition
from .settings import data_root

TEMPLATE = """# yaml-language-server: $schema=../../schemas/veille.schema.json
# Nouvelle entrée de veille : remplacez chaque valeur « À compléter » puis lancez `make check`.
id: {id}
titre: "À compléter : titre officiel exact (ex. Décret n° 2027-12 du 5 janvier 2027 relatif à …)"
titre_court: "À compléter : titre court"
nature: décret  # {natures}
reference:
  numero: "À compléter"
  date: {today}  # date de signature du texte
adresse: https://www.legifrance.gouv.fr/  # à remplacer par l'adresse du texte (JORFTEXT… ou ELI)
date_publication: {today}  # date de publication au Journal officiel
articles:
  - numero: "art. 1"
    objet: "À compléter : ce que dit l'article, avec vos mots."
applications:
  - date: {today}  # date à partir de laquelle la disposition s'applique
    objet: "À compléter : ce qui s'applique à cette date."
    concerne: "À compléter : qui est concerné."
familles: [transversal]  # {familles}
resume: "À compléter : résumé neutre du texte."
pour_acheteur: "À compléter : ce qui change concrètement pour l'acheteur."
verification:
  date: {today}
  source: https://www.legifrance.gouv.fr/  # adresse consultée pour rédiger la fiche
# reserve: "ce qui reste incertain et ce que cela change pour l'acheteur (200 caractères au plus ; sinon, rien)"
notes_verification: "À compléter : sources consultées, ce qui a été lu et ce qui manque (jamais publié)."
version: 1
historique:
  - version: 1
    date: {today}  # la date de vérification ci-dessus
    nature: creation
    resume: "Première version publiée sur le site."
"""


def main(argv) -> int:
    if len(argv) != 1 or not re.search(definition("identifiant")["pattern"], argv[0]):
        print("Usage : make nouveau-texte ID=decret-2027-12 (minuscules, chiffres et tirets)", file=sys.stderr)
        return 2
    path = data_root() / "data" / "veille" / f"{argv[0]}.yml"
    if path.exists():
        print(f"{path} existe déjà : choisissez un autre id.", file=sys.stderr)
        return 1
    path.write_text(TEMPLATE.format(id=argv[0], today=dt.date.today().isoformat(),
                                     natures=", ".join(allowed("nature")), familles=", ".join(allowed("famille"))), encoding="utf-8")
    print(f"Créé : {path}. Complétez chaque « À compléter », puis lancez `make check`.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
