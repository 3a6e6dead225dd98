"""Benchmark (not a test) of the observatoire's pipeline on a national-size DECP file: 1.5 million contracts shaped
as the official example (same columns and values; id, buyer, CPV code, year and considerations varied from the
schema's lists), generated in a temporary folder, then `python -m macros.indicators` run in a child process under
/usr/bin/time -v. Prints the elapsed seconds and the peak memory; target: under 60 s and 4 GB on 2 cores.

Usage: .venv/bin/python bench/indicateurs.py [CONTRATS]   (default 1500000; BENCH_GARDER=1 keeps the folder)
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "indicateurs"))
import generer as gen  # noqa: E402


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_500_000
    folder = Path(tempfile.mkdtemp(prefix="bench-observatoire-"))
    try:
        start = time.monotonic()
        decp = gen.write_decp_stream(folder / "decp.json", count)
        etab, units = gen.write_sirene(folder)
        print(f"Fichier généré : {count} contrats, {decp.stat().st_size / 1e9:.2f} Go en {time.monotonic() - start:.0f} s")
        command = [sys.executable, "-m", "macros.indicators", "--decp", str(decp), "--sirene-etablissements", str(etab),
                   "--sirene-unites-legales", str(units), "--sortie", str(folder / "sortie"), "--date", "2026-12-01"]
        timed = ["/usr/bin/time", "-v", *command] if Path("/usr/bin/time").exists() else command
        start = time.monotonic()
        done = subprocess.run(timed, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        elapsed = time.monotonic() - start
        print(done.stdout.strip())
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        peak_mb = int(peak.group(1)) / 1024 if peak else None
        print(f"Durée : {elapsed:.1f} s (objectif : 60 s) ; mémoire maximale : "
              f"{f'{peak_mb:.0f} Mo' if peak_mb else 'non mesurée'} (objectif : 4 096 Mo)")
        return 0 if elapsed <= 60 and (peak_mb or 0) <= 4096 else 1
    finally:
        if not os.environ.get("BENCH_GARDER"):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"Dossier gardé : {folder}")


if __name__ == "__main__":
    sys.exit(main())
