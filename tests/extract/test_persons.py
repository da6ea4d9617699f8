

def test_persons_capitalised_common_words_are_no_names(annotate) -> None:
    from svidok.extract.persons import private_persons

    doc = annotate("Background: Debris fell on a house.\nAlso Read - 10 Killed, 40 Injured as Missile "
                   "Strike Hits Mall\nThe video was posted on Twitter on Monday’s evening.")
    assert [p.text for p in private_persons(doc)] == []
