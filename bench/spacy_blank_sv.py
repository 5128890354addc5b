"""Build a blank Swedish spaCy pipeline with lookup lemmas into a folder, for the pipeline comparison in
bench/results/pipeline_choice.md (config: bench/config_spacy_blank.yml). Uses only spaCy's own Swedish
language data and the spacy-lookups-data tables installed with the lock file; nothing is downloaded.

    .venv/bin/python bench/spacy_blank_sv.py var/spacy_sv_blank
"""
import sys
from pathlib import Path

import spacy


def build(out: Path) -> None:
    nlp = spacy.blank("sv")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "var/spacy_sv_blank"))
