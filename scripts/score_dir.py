"""Score Svidok on a folder of reports against a gold file (GUIDELINES format).

Run: .venv/bin/python scripts/score_dir.py GOLD.json DIR [--split dev] [--json] [--keep OUT.json]

Builds a throwaway case, adds DIR (its .txt reports and sidecars), exports JSON and runs
../shared/eval/score.py on it. With --split, the gold is restricted to the documents of that split
(multilingual gold files mark each document with a "split" field), so that a development run never
reads the frozen test split's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("folder")
    ap.add_argument("--split", help="score only the gold documents of this split")
    ap.add_argument("--json", action="store_true", help="print score.py's JSON")
    ap.add_argument("--keep", help="also write the export here")
    ap.add_argument("--score", default=os.environ.get("SVIDOK_SCORE", str(SCORE)), help="score.py to use")
    args = ap.parse_args()
    svidok = str(Path(sys.executable).parent / "svidok")
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    docs = gold["documents"]
    if args.split:
        docs = [d for d in docs if d.get("split") == args.split]
    present = {p.name for p in Path(args.folder).glob("*.txt")}
    docs = [d for d in docs if d["filename"] in present]
    with tempfile.TemporaryDirectory() as tmp:
        case, export, gfile = f"{tmp}/case", f"{tmp}/e.json", f"{tmp}/gold.json"
        Path(gfile).write_text(json.dumps({"documents": docs}), encoding="utf-8")
        subprocess.run([svidok, "init", case], check=True, capture_output=True)
        add = subprocess.run([svidok, "--case", case, "add", args.folder], capture_output=True, text=True)
        if add.returncode != 0:
            print(add.stderr[-2000:], file=sys.stderr)
        subprocess.run([svidok, "--case", case, "export", "--format", "json", "-o", export], check=True,
                       capture_output=True)
        if args.keep:
            shutil.copy(export, args.keep)
        cmd = [sys.executable, args.score, gfile, export] + (["--json"] if args.json else [])
        print(f"{len(docs)} gold documents", file=sys.stderr)
        return subprocess.run(cmd).returncode


if __name__ == "__main__":
    sys.exit(main())
