"""Each entry points to its own text (issue #9): no official address shared by two texts of the watch unless the
exception is listed and justified here, the PEMD décrets point to their own Légifrance text, and no case study
points to a home page. Fast: reads the data only, no site."""
from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlparse

# Code de la commande publique on Légifrance: one document, the whole code. The LEGIARTI identifier of these articles
# (in the version in force) could not be read in any available source on 29 November 2026, so these entries still
# point to the code; each says so in its `verification.note` and its `a_verifier`. Remove an id from this list as
# soon as its entry gets the address of its own article (https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI…).
CODE_COMMANDE_PUBLIQUE = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000037701019"
SHARED = {
    CODE_COMMANDE_PUBLIQUE: {
        "ccp-l2111-1", "ccp-l2111-2", "ccp-l2111-3-d2111-3", "ccp-l2112-2", "ccp-l2112-3", "ccp-l2152-7",
        "ccp-l3-1", "ccp-r2111-1", "ccp-r2151-8", "ccp-r2152-7", "ccp-r2152-9-10", "ccp-l2142-1-r2142",
    },
}

# The PEMD décrets: their own text on Légifrance, by its JORFTEXT identifier or by the ELI alias built on its number.
PEMD = {"decret-2021-821-pemd": "2021-821", "decret-2021-822-pemd": "2021-822"}
AGEC = "JORFTEXT000041553759"  # loi n° 2020-105 (AGEC), which the PEMD entries used to point to


def key(address: str) -> str:
    """The same page written with or without a trailing slash is the same address."""
    return address.rstrip("/")


def addresses(base) -> dict[str, set[str]]:
    shared = defaultdict(set)
    for text in base.veille.values():
        shared[key(text["adresse"])].add(text["id"])
    return shared


def test_no_two_texts_share_an_address_unless_listed(base):
    found = {address: ids for address, ids in addresses(base).items() if len(ids) > 1}
    unexpected = {a: sorted(ids) for a, ids in found.items() if ids - SHARED.get(a, set())}
    assert not unexpected, f"adresse partagée par plusieurs fiches de veille : {unexpected}"


def test_listed_exceptions_are_still_needed(base):
    """An entry that got its own address leaves the list, so the list only shrinks."""
    current = addresses(base)
    for address, ids in SHARED.items():
        stale = sorted(ids - current.get(key(address), set()))
        assert not stale, f"plus à l'adresse {address} : retirer {stale} de SHARED"


def test_shared_entries_say_why_in_their_verification(base):
    for ids in SHARED.values():
        for text_id in ids:
            text = base.veille[text_id]
            assert "code entier" in text.get("notes_verification", ""), text_id  # for the project lead
            assert "LEGIARTI" in text.get("notes_verification", ""), text_id


def test_pemd_decrees_point_to_their_own_text(base):
    seen = set()
    for text_id, number in PEMD.items():
        address = base.veille[text_id]["adresse"]
        own_jorf = re.fullmatch(r"https://www\.legifrance\.gouv\.fr/(jorf|loda)/id/JORFTEXT\d{12}/?", address)
        own_eli = re.fullmatch(rf"https://www\.legifrance\.gouv\.fr/eli/decret/2021/6/25/{number}/jo/texte/?", address)
        assert own_jorf or own_eli, (text_id, address)
        assert AGEC not in address, text_id
        assert key(address) not in seen, text_id
        seen.add(key(address))
    others = {key(t["adresse"]) for t in base.veille.values() if t["id"] not in PEMD}
    assert not seen & others


def test_case_study_addresses_are_not_home_pages(base):
    """A home page (empty path or « / », no query) documents nothing: the address is that of the page on the case."""
    for retour in base.retours.values():
        urls = [retour["source"]] if retour.get("source") else []
        if retour.get("verification", {}).get("source"):
            urls.append(retour["verification"]["source"])
        for url in urls:
            parts = urlparse(url)
            assert parts.path not in ("", "/") or parts.query, (retour["id"], url)
