"""A JSON export carries the signed tree head and, per document, its add event with an inclusion
proof that anyone can check with the standard library and the public key."""

from __future__ import annotations

import json
from pathlib import Path

from services.conftest import write
from svidok.evidence import custody, keys, merkle
from svidok.evidence.treehead import TreeHead, head_signed_by
from svidok.services.case import Case
from svidok.services.export import render
from svidok.services.ingest import ingest_paths


def test_export_custody_proofs_verify_against_signed_tree_head(case: Case, tmp_path: Path) -> None:
    ingest_paths(case, [write(tmp_path / f"r{i}.txt", f"Report {i}: shelling hit Izium.") for i in range(3)],
                 extract=False)
    with case.begin() as conn:
        body = json.loads(render(conn, "json")[0])
    c = body["custody"]
    assert c["key_fingerprint"] == keys.fingerprint(case.public_key) and c["tree_size"] == 4
    head = TreeHead(c["tree_size"], c["root"], c["timestamp"], c["signature"])
    assert head_signed_by(head, case.public_key)
    assert body["version"] == 1 and len(body["documents"]) == 3
    for doc in body["documents"]:
        proof = doc["custody"]
        event = proof["add_event"]
        assert event["object_hash"] == doc["id"] and event["action"] == "add"
        leaf = custody.leaf_hash(event)
        path = [bytes.fromhex(h) for h in proof["inclusion_proof"]]
        index, size = proof["leaf_index"], c["tree_size"]
        assert merkle.verify_inclusion(index, size, leaf, path, bytes.fromhex(c["root"]))
        assert not merkle.verify_inclusion(index, size, leaf, path, bytes(32))


def test_export_custody_redacted_export_withholds_names_and_still_proves(case: Case, tmp_path: Path) -> None:
    from svidok.services import protection

    ingest_paths(case, [write(tmp_path / "olena_kovalenko.txt", "Olena Kovalenko saw shelling hit Izium."),
                        write(tmp_path / "r1.txt", "Shelling hit Izium.")], extract=False)
    with case.begin() as conn:
        protection.add(conn, "Olena Kovalenko", "tester", "witness")
        body = json.loads(render(conn, "json")[0])
        full = json.loads(render(conn, "json", include_protected=True)[0])
    c = body["custody"]
    proofs = {d["filename"]: d["custody"] for d in body["documents"]}
    assert "kovalenko" not in json.dumps(body).lower() and "kovalenko" in json.dumps(full).lower()
    withheld, plain = proofs["[name withheld].txt"], proofs["r1.txt"]
    assert withheld["details_redacted"] and "leaf_hash" not in plain  # only what names someone
    leaves = ((withheld, bytes.fromhex(withheld["leaf_hash"])),
              (plain, custody.leaf_hash(plain["add_event"])))
    for proof, leaf in leaves:
        path = [bytes.fromhex(h) for h in proof["inclusion_proof"]]
        root = bytes.fromhex(c["root"])
        assert merkle.verify_inclusion(proof["leaf_index"], c["tree_size"], leaf, path, root)
    exact = next(d["custody"]["add_event"] for d in full["documents"]
                 if d["filename"] == "olena_kovalenko.txt")
    assert custody.leaf_hash(exact).hex() == withheld["leaf_hash"]


def test_export_custody_reviewed_incident_carries_its_review_events_with_proofs(case: Case,
                                                                                 tmp_path: Path) -> None:
    from svidok.db import analysis
    from svidok.services.review import confirm

    ingest_paths(case, [write(tmp_path / "r.txt", "Shelling hit a school in Izium on 7 March 2022, "
                              "killing two teachers, the governor said.")])
    with case.begin() as conn:
        inc = analysis.load_incidents(conn)[0].id
        confirm(conn, inc, "tester", "checked against the source")
        body = json.loads(render(conn, "json")[0])
    c = body["custody"]
    (review,) = next(i for i in body["incidents"] if i["id"] == inc)["custody"]
    event = review["event"]
    assert event["action"] == "review" and json.loads(event["details"])["incident_id"] == inc
    path = [bytes.fromhex(h) for h in review["inclusion_proof"]]
    assert merkle.verify_inclusion(review["leaf_index"], c["tree_size"], custody.leaf_hash(event), path,
                                   bytes.fromhex(c["root"]))


def test_export_custody_proofs_for_events_prove_any_event_asked(case: Case, tmp_path: Path) -> None:
    from svidok.services.tree_head import proofs_for_events

    ingest_paths(case, [write(tmp_path / f"r{i}.txt", f"Report {i}: shelling hit Izium.") for i in range(5)],
                 extract=False)
    with case.begin() as conn:
        found = proofs_for_events(conn, [1, 3, 6, 999])
    head = found["tree_head"]
    assert sorted(found["events"]) == [1, 3, 6] and head["tree_size"] == 6
    assert head_signed_by(TreeHead(head["tree_size"], head["root"], head["timestamp"], head["signature"]),
                          case.public_key)
    for seq, p in found["events"].items():
        assert p["event"]["seq"] == seq
        path = [bytes.fromhex(h) for h in p["inclusion_proof"]]
        leaf, root = custody.leaf_hash(p["event"]), bytes.fromhex(head["root"])
        assert merkle.verify_inclusion(p["leaf_index"], head["tree_size"], leaf, path, root)
