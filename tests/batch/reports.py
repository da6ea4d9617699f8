"""Eight short reports written for these tests (invented wording), with .meta.json sidecars."""

from __future__ import annotations

import json
from pathlib import Path

REPORTS: dict[str, tuple[str, dict[str, str]]] = {
    "01_izium_strike.txt": (
        "Missile strike on apartment block in Izium\n\n"
        "A missile hit a five-storey apartment block in Izium on Tuesday night, killing at least "
        "seven civilians, the regional police said. Rescuers pulled two children from the rubble.\n\n"
        "Neighbours said there was no military position anywhere near the building.",
        {"outlet": "River Post", "published": "2022-05-10"}),
    "02_izyum_strike_copy.txt": (
        "Izyum block hit by missile, seven dead\n\n"
        "At least seven civilians were killed when a missile struck an apartment block in Izyum "
        "overnight, police in the region reported. Two children were rescued from the debris.",
        {"outlet": "Hill Gazette", "published": "2022-05-11"}),
    "03_bucha_detention.txt": (
        "Residents describe detention in Bucha basement\n\n"
        "Soldiers held around 40 residents of Bucha in a school basement for three weeks, "
        "survivors told reporters. Several of the detained men were beaten during questioning.",
        {"outlet": "Morning Ledger", "published": "2022-04-06"}),
    "04_mariupol_theatre.txt": (
        "Theatre shelter bombed in Mariupol\n\n"
        "An air strike destroyed the drama theatre in Mariupol where hundreds of civilians were "
        "sheltering, city officials said. The word 'children' had been painted outside in large letters.",
        {"outlet": "Coastal Times", "published": "2022-03-17"}),
    "05_kherson_hospital.txt": (
        "Hospital in Kherson shelled\n\n"
        "Shells landed on the regional children's hospital in Kherson on Sunday, wounding two "
        "nurses, according to the head of the regional administration.",
        {"outlet": "Southern Wire", "published": "2022-11-20"}),
    "06_grain_market.txt": (
        "Grain prices steady as exports resume\n\n"
        "Wheat futures were little changed on Friday as ships continued to leave Black Sea ports "
        "under the export arrangement, traders said.",
        {"outlet": "Market Daily", "published": "2022-08-05"}),
    "07_chernihiv_bread_queue.txt": (
        "Shelling kills people queuing for bread in Chernihiv\n\n"
        "Ten people waiting in line for bread were killed by shelling in Chernihiv on Wednesday, "
        "the regional prosecutor's office said, calling it a war crime.",
        {"outlet": "Northern Herald", "published": "2022-03-16"}),
    "08_irpin_evacuation.txt": (
        "Evacuees fired on near Irpin bridge\n\n"
        "A family fleeing Irpin was killed by mortar fire near the destroyed bridge, witnesses "
        "said. Four people, including two children, died at the evacuation route.",
        {"outlet": "Capital Courier", "published": "2022-03-07"}),
}


def write_reports(folder: Path, names: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or list(REPORTS):
        text, meta = REPORTS[name]
        (folder / name).write_text(text + "\n", encoding="utf-8")
        (folder / (name + ".meta.json")).write_text(json.dumps(meta), encoding="utf-8")
    return folder
