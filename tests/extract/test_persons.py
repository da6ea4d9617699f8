

def test_persons_capitalised_common_words_are_no_names(annotate) -> None:
    from svidok.extract.persons import private_persons

    doc = annotate("Background: Debris fell on a house.\nAlso Read - 10 Killed, 40 Injured as Missile "
                   "Strike Hits Mall\nThe video was posted on Twitter on Monday’s evening.")
    assert [p.text for p in private_persons(doc)] == []


def test_persons_outlet_told_is_no_person(annotate) -> None:
    from svidok.extract.persons import private_persons

    doc = annotate("Three former detainees told Atlas Newswire on Tuesday that they were beaten.")
    assert [p.text for p in private_persons(doc)] == []


def test_persons_witness_named_with_age_is_a_person(annotate) -> None:
    from svidok.extract.persons import private_persons

    doc = annotate("Olena Marchenko, 54, said soldiers took her husband away.")
    assert [p.text for p in private_persons(doc)] == ["Olena Marchenko"]
