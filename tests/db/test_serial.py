from __future__ import annotations

import json

from db.factories import PLACE, incident, mention
from svidok.db import serial


def test_serial_mention_roundtrips_every_field() -> None:
    m = mention("d" * 64)
    data = json.loads(json.dumps(serial.mention_to_json(m)))
    assert serial.mention_from_json(data) == m


def test_serial_incident_roundtrips_every_field() -> None:
    inc = incident()
    data = json.loads(json.dumps(serial.incident_to_json(inc)))
    assert serial.incident_from_json(data) == inc


def test_serial_place_none_stays_none() -> None:
    assert serial.place_from_json(serial.place_to_json(None)) is None
    assert serial.place_from_json(serial.place_to_json(PLACE)) == PLACE
