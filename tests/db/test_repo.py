from __future__ import annotations

from sqlalchemy.engine import Connection

from db.factories import document, read_text
from svidok.db import repo


def test_repo_document_roundtrip(conn: Connection) -> None:
    doc = document(1)
    repo.insert_document(conn, doc, original_path="/in/report-1.txt")
    assert repo.get_document(conn, doc.id) == doc
    assert repo.document_by_sha(conn, doc.sha256) == doc


def test_repo_list_documents_in_collection_order(conn: Connection) -> None:
    docs = [document(n) for n in (3, 1, 2)]
    for d in docs:
        repo.insert_document(conn, d)
    assert [d.id for d in repo.list_documents(conn)] == sorted(d.id for d in docs)


def test_repo_text_roundtrip(conn: Connection) -> None:
    repo.insert_documents(conn, [document(1)], [read_text()])
    assert repo.get_text(conn, document(1).id) == read_text()


def test_repo_search_texts_finds_document_by_word(conn: Connection) -> None:
    repo.insert_documents(conn, [document(1)], [read_text()])
    repo.insert_document(conn, document(2))
    assert repo.search_texts(conn, "cellar villagers") == [document(1).id]
    assert repo.search_texts(conn, "submarine") == []


def test_repo_search_texts_treats_query_syntax_as_words(conn: Connection) -> None:
    repo.insert_documents(conn, [document(1)], [read_text()])
    assert repo.search_texts(conn, 'cellar" OR NEAR(') == []


def test_repo_status_update(conn: Connection) -> None:
    repo.insert_document(conn, document(1))
    repo.set_document_status(conn, [document(1).id], "processed")
    assert repo.document_status(conn, document(1).id) == "processed"


def test_repo_insert_documents_keeps_path_signature_and_status(conn: Connection) -> None:
    docs = [document(1), document(2)]
    repo.insert_documents(conn, docs, [read_text(), read_text()], original_paths=["/in/1.txt", None],
                          minhashes=[b"sig-1", None], status="stored")
    assert [repo.get_document(conn, d.id) for d in docs] == docs
    assert repo.get_text(conn, docs[0].id) == read_text()
    assert repo.minhashes(conn) == [(docs[0].id, b"sig-1")]
    assert repo.document_statuses(conn, [d.id for d in docs]) == {d.id: "stored" for d in docs}


def test_repo_document_statuses_leaves_out_unknown_ids(conn: Connection) -> None:
    repo.insert_document(conn, document(1), status="processed")
    assert repo.document_statuses(conn, [document(1).id, "f" * 64, document(1).id]) == {
        document(1).id: "processed"}
    assert repo.document_statuses(conn, []) == {}
