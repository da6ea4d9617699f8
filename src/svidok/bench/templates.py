"""Sentence templates for the synthetic benchmark corpus, written for Svidok (no real articles).

Slots: {victims} count phrase with its noun ("at least 12 civilians"), {place} place phrase,
{when} date phrase, {perp} the party, {target} an attacked object, {src} an attribution,
{name} a first name, {age} an age, {outlet} the outlet, {town} a second place.
"""

from __future__ import annotations

VICTIM_NOUNS = {
    "killing": [
        "civilians",
        "residents",
        "people",
        "villagers",
        "local men",
        "pensioners",
        "civilians, among them two children",
    ],
    "torture": ["detainees", "men", "residents", "prisoners", "former captives", "local volunteers"],
    "detention": ["people", "residents", "civilians", "villagers", "men and women", "local officials"],
    "disappearance": ["residents", "men", "civilians", "local activists", "villagers", "volunteers"],
    "sexual_violence": ["women", "women and girls", "residents", "civilians"],
    "mutilation": ["bodies", "victims", "men"],
    "burial_site": ["bodies", "bodies of civilians", "corpses"],
    "deportation": ["children", "residents", "civilians", "people", "orphans", "families"],
    "threat": ["residents", "villagers", "people", "families"],
}

ACTS: dict[str, list[str]] = {
    "killing": [
        "{perp} killed {victims} in {place} {when}, {src} said.",
        "{victims} were shot dead in {place} {when}, according to {src}.",
        "According to {src}, {perp} executed {victims} in {place} {when}.",
        "{src} said {victims} died when {perp} opened fire on cars leaving {place} {when}.",
        "The bodies of {victims} with gunshot wounds were found in {place} after {perp} withdrew, "
        "{src} said.",
        "In {place}, {perp} murdered {victims} {when}, {src} told reporters.",
        "{victims} were killed in {place} {when} in what {src} called a summary execution by {perp}.",
        "{src} reported that {victims} lost their lives in {place} {when} after {perp} fired on a queue "
        "for bread.",
    ],
    "torture": [
        "{src} said {perp} tortured {victims} in a basement in {place} {when}.",
        "{victims} held in {place} were beaten and given electric shocks by {perp}, according to {src}.",
        "Investigators found a torture chamber in {place} where {perp} abused {victims}, {src} said.",
        "According to {src}, {victims} in {place} bore signs of torture after weeks in the custody "
        "of {perp}.",
        "In {place}, {perp} beat {victims} during interrogations {when}, {src} said.",
    ],
    "detention": [
        "{perp} held {victims} in the basement of a school in {place} {when}, {src} said.",
        "{src} said {victims} were detained in {place} and kept in cramped cells by {perp}.",
        "According to {src}, {perp} imprisoned {victims} in a former police station in {place}.",
        "{victims} were held captive in {place} for weeks, {src} told {outlet}.",
        "In {place}, {perp} locked up {victims} in a cellar {when}, according to {src}.",
    ],
    "disappearance": [
        "{src} said {perp} abducted {victims} from {place} {when}.",
        "{victims} were taken away by {perp} in {place} and have not been seen since, {src} said.",
        "According to {src}, {victims} from {place} went missing after {perp} searched their homes {when}.",
        "In {place}, {perp} kidnapped {victims} {when}; their whereabouts remain unknown, {src} said.",
    ],
    "sexual_violence": [
        "{src} said {perp} raped {victims} in {place} {when}.",
        "Prosecutors are investigating the sexual assault of {victims} in {place} by {perp}, {src} said.",
        "According to {src}, {victims} in {place} were subjected to sexual violence by {perp} {when}.",
    ],
    "mutilation": [
        "{victims} found in {place} had been mutilated, {src} said.",
        "{src} said {perp} mutilated {victims} in {place}, cutting off ears and fingers.",
        "According to {src}, {victims} recovered near {place} showed signs of mutilation.",
    ],
    "burial_site": [
        "Investigators exhumed {victims} from a mass grave in {place} {when}, {src} said.",
        "{src} said a burial site holding {victims} was found in a forest outside {place}.",
        "A mass grave with {victims} was discovered in {place} after {perp} retreated, according to {src}.",
        "In {place}, forensic teams exhumed {victims} buried in a grave near the cemetery, {src} said.",
    ],
    "attack_civilian_objects": [
        "{perp} shelled {target} in {place} {when}, {src} said.",
        "A missile strike destroyed {target} in {place} {when}, according to {src}.",
        "{src} said {perp} hit {target} in {place} with rockets {when}.",
        "In {place}, a drone strike by {perp} damaged {target} {when}, {src} reported.",
        "{target} in {place} was bombed {when}, {src} said, blaming {perp}.",
        "According to {src}, {perp} attacked {target} in {place} overnight {when}.",
    ],
    "attack_medical": [
        "{perp} shelled {target} in {place} {when}, {src} said.",
        "A missile hit {target} in {place} {when}, according to {src}.",
        "{src} said {perp} struck {target} in {place} with a drone {when}.",
        "In {place}, an air strike by {perp} destroyed {target} {when}, {src} said.",
    ],
    "pillage": [
        "{src} said {perp} looted shops and homes in {place} before they withdrew.",
        "In {place}, {perp} stole tractors, grain and household appliances, according to {src}.",
        "According to {src}, {perp} ransacked the museum in {place} {when}.",
        "Residents of {place} told {outlet} that {perp} plundered their houses {when}.",
    ],
    "threat": [
        "{src} said {perp} threatened {victims} in {place} at gunpoint {when}.",
        "In {place}, {perp} held {victims} at gunpoint and threatened to shoot them, according to {src}.",
        "According to {src}, {perp} intimidated {victims} in {place} during house searches {when}.",
    ],
    "deportation": [
        "{src} said {perp} deported {victims} from {place} {when}.",
        "{victims} from {place} were forcibly transferred to Russia by {perp}, according to {src}.",
        "According to {src}, {victims} were taken from {place} to a filtration camp {when}.",
        "In {place}, {perp} forcibly relocated {victims} against their will {when}, {src} said.",
    ],
}

CIVIL_TARGETS = [
    "a five-storey apartment block",
    "the central market",
    "a school",
    "a kindergarten",
    "the railway station",
    "a grain warehouse",
    "a residential street",
    "the House of Culture",
    "a church",
    "a bus stop",
    "a shopping centre",
    "the local library",
    "a power substation",
    "a bakery",
    "private houses",
    "a water pumping station",
    "a cafe",
    "the village council building",
]
MEDICAL_TARGETS = [
    "the city hospital",
    "a maternity hospital",
    "an ambulance",
    "the regional clinic",
    "a children's hospital",
    "a first-aid post",
    "a polyclinic",
    "the cancer centre",
    "a medical centre",
]

HEADLINES: dict[str, list[str]] = {
    "killing": [
        "Civilians killed in {place_name} as occupiers open fire",
        "{place_name}: residents shot dead",
        "Bodies found in {place_name} after retreat",
        "Killings in {place_name} under investigation",
    ],
    "torture": [
        "Torture chamber found in {place_name}",
        "Survivors in {place_name} describe beatings",
        "Detainees in {place_name} tortured, investigators say",
    ],
    "detention": [
        "Hundreds held in basements of {place_name}",
        "Inside the cells of {place_name}",
        "Former captives in {place_name} speak out",
    ],
    "disappearance": [
        "Missing in {place_name}: families search for relatives",
        "Residents of {place_name} abducted, officials say",
    ],
    "sexual_violence": [
        "Prosecutors open sexual violence cases in {place_name}",
        "Women in {place_name} report assaults by soldiers",
    ],
    "mutilation": [
        "Mutilated bodies found near {place_name}",
        "Signs of mutilation on victims in {place_name}",
    ],
    "burial_site": [
        "Mass grave found in {place_name}",
        "Exhumations begin in {place_name}",
        "Forensic teams at burial site near {place_name}",
    ],
    "attack_civilian_objects": [
        "Strike on {place_name} destroys homes",
        "{place_name} shelled overnight",
        "Missile hits {place_name} as residents sleep",
    ],
    "attack_medical": ["Hospital in {place_name} hit", "Strike on clinic in {place_name} condemned"],
    "pillage": ["Looted: what the occupiers took from {place_name}", "{place_name} counts its losses"],
    "threat": [
        "Threats at gunpoint: life in occupied {place_name}",
        "Residents of {place_name} describe intimidation",
    ],
    "deportation": [
        "Children taken from {place_name}",
        "Deported from {place_name}: families demand answers",
    ],
}

PERPS = [
    "Russian forces",
    "Russian troops",
    "Russian soldiers",
    "occupying forces",
    "the occupiers",
    "Russian servicemen",
    "soldiers of the Russian army",
    "Russian military units",
]

OFFICIALS = [
    "the regional governor",
    "Ukraine's Prosecutor General's Office",
    "the National Police",
    "the head of the regional military administration",
    "local officials",
    "the mayor",
    "the Security Service of Ukraine",
    "the regional prosecutor's office",
    "Ukraine's human rights ombudsman",
    "the district police chief",
    "a spokesperson for the regional administration",
    "investigators",
    "the head of the local council",
    "the Interior Ministry",
]
WITNESSES = [
    "a resident",
    "a neighbour",
    "a local volunteer",
    "a survivor",
    "a retired teacher",
    "a farmer who lives nearby",
    "a nurse at the local clinic",
    "a priest",
]
FIRST_NAMES = [
    "Olena",
    "Mykola",
    "Tetiana",
    "Serhii",
    "Halyna",
    "Vasyl",
    "Iryna",
    "Oleksandr",
    "Nadiia",
    "Petro",
    "Liudmyla",
    "Andrii",
    "Valentyna",
    "Yurii",
    "Svitlana",
    "Ihor",
    "Oksana",
    "Bohdan",
]
OUTLETS = [
    "The Evening Courier",
    "Northern Ledger",
    "Daily Meridian",
    "The Harbour Times",
    "Eastern Wire",
    "Continental Press Agency",
    "The Morning Post-Gazette",
    "Field Report Weekly",
    "The Civic Observer",
    "Radio Liberty Desk",
    "Atlas News",
    "The Independent Herald",
]
REPORTERS = [
    "Anna Kovacs",
    "James Whitford",
    "Marta Lind",
    "Daniel Osei",
    "Sofia Brandt",
    "Tomas Rey",
    "Helen Marsh",
    "Piotr Zaleski",
]

OFFICIAL_QUOTES = [
    '"We are documenting every case, and every case will go to court," {src} said.',
    '"What we found in {place_name} is not an accident of war. It was deliberate," {src} told {outlet}.',
    '"The work of identifying the victims will take months," said {src}.',
    "{src} said the evidence had been handed to international investigators.",
    '"Each name on this list is a family that will never be whole again," {src} said.',
    '"We ask everyone who saw anything to come forward," {src} added.',
    "{src} told reporters that forensic experts were still working at the scene.",
    '"The numbers may rise as we reach the outlying villages," {src} warned.',
]
WITNESS_QUOTES = [
    '"They came at night and nobody dared to go outside," said {name}, {age}, {witness}.',
    '"I still hear it when I close my eyes," said {witness}, who gave only a first name, {name}.',
    '{name}, {age}, {witness}, said: "We hid in the cellar for three days without water."',
    '"My son went out for bread and did not come back," said {name}, {witness}.',
    '"We buried them ourselves, in the garden, because there was nowhere else," {name} recalled.',
    '"They took the phones first, then the men," said {witness} who asked to be identified as {name}.',
    'Standing by the gate, {name}, {age}, pointed at the ruined house across the road. "That was '
    "my sister's,\" {name} said.",
]
DENIALS = [
    "Moscow denies that its forces target civilians.",
    "The Russian Defence Ministry did not respond to a request for comment.",
    "Russian officials have denied the allegations and called them staged.",
    "Russia has repeatedly denied committing war crimes in Ukraine.",
]

BACKGROUND = [
    "{place_name} was under occupation for several months before Ukrainian forces retook it.",
    "The front line now runs about 30 kilometres to the east of {place_name}.",
    "Power and running water have only partly been restored in {place_name}.",
    "Before the war, several thousand people lived in and around {place_name}.",
    "Humanitarian convoys now reach {place_name} twice a week, bringing food and medicine.",
    "Many residents left during the first weeks of the full-scale invasion and have not returned.",
    "Sappers are still clearing mines from the fields and roads around the settlement.",
    "The road from {town} to {place_name} is lined with burnt-out vehicles.",
    "Volunteers have set up a heating point in the school gym, where residents charge their phones.",
    "Journalists from {outlet} visited the area with a police escort.",
    "The prosecutor's office has opened criminal proceedings under the article on violations of the laws "
    "and customs of war.",
    "International experts have joined Ukrainian investigators in the region.",
    "Local authorities said a list of residents who remain unaccounted for is being compiled.",
    "A mobile phone network returned to the area last week for the first time since the spring.",
    "Air raid sirens sounded twice during the visit.",
    "Shops in the centre have reopened, though most sell only bread, tinned food and candles.",
    "Firefighters worked through the night to put out the blazes.",
    "A memorial service was held in the square outside the council building.",
    "Children in {place_name} still study online because the school basement cannot serve as a shelter.",
    "The regional administration said reconstruction would start once the area is demined.",
    "{town}, the nearest large town, took in hundreds of displaced families from the area.",
    "Teams from the national police are going door to door to collect statements.",
    "Relatives have been asked to give DNA samples to help identify the dead.",
    "The bridge over the river, blown up in the spring, has been replaced by a pontoon crossing.",
    "Farmers say they cannot sow their fields this year because of unexploded ordnance.",
    "Pensions and social payments are being delivered by mobile post offices.",
    "The local hospital now works with a generator and a skeleton staff.",
    "Evacuation buses leave {place_name} every morning for {town}.",
]

NO_INCIDENT_LEADS = [
    "A school in {place_name} has reopened its doors after a year of repairs.",
    "Farmers around {place_name} have begun the harvest despite a shortage of fuel.",
    "A new water pipeline now connects {place_name} with {town}, officials said {when}.",
    "Volunteers in {place_name} have opened a centre where displaced families can get clothes and advice.",
    "The council of {place_name} approved a reconstruction plan for the town centre {when}.",
    "Trains between {town} and {place_name} resumed {when} after the line was repaired.",
    "A football tournament for children was held in {place_name} over the weekend.",
    "Doctors from {town} have begun regular visits to villages near {place_name}.",
]
NO_INCIDENT_HEADLINES = [
    "{place_name} rebuilds",
    "Life returns to {place_name}",
    "A new start in {place_name}",
    "{place_name} prepares for winter",
    "Aid arrives in {place_name}",
]

TOP_BOILERPLATE = [
    "By {reporter}",
    "Updated {hh}:{mm} GMT",
    "Listen to this article",
    "Reading time: {n} minutes",
    "Translated from Ukrainian by our editorial team.",
    "{outlet} | Ukraine",
]
BOTTOM_BOILERPLATE = [
    "Read more: {other}",
    "Share this article",
    "© {year} {outlet}. All rights reserved.",
    "Subscribe to our newsletter for daily updates from Ukraine.",
    "Photo: {reporter} / {outlet}",
    "To suggest a correction, write to the editors.",
    "Related coverage\n{other}\nA short summary of another story about the war and its aftermath.",
    "Leave a comment",
]
OTHER_HEADLINES = [
    "Energy ministry plans winter repairs",
    "Parliament debates new budget",
    "Grain exports rise for third month",
    "Football league resumes in Kyiv",
    "Refugees weigh returning home",
    "Prices of bread climb again",
]

# Background lines with figures that are not victim counts (aid, repairs, distances), for variety.
FIGURE_LINES = [
    "By {month}, {n} families had applied for compensation for damaged homes in the {region} region.",
    "Workers have repaired {n} kilometres of power lines since the autumn, the energy company said.",
    "The humanitarian hub in {town} hands out about {n} food parcels a week.",
    "{n} windows were replaced in the hospital in {town} with money from a charity.",
    "The district had {n} schools before the war; fewer than half are open now.",
    "Sappers say they have cleared {n} hectares of farmland around {place_name} so far.",
    "A grant of {n} thousand hryvnias will pay for a new roof on the council building.",
    "The bus to {town} takes {n} minutes now that the main road is open again.",
]
CREDITS = [
    "This story was first published by {outlet}.",
    "Originally published by {outlet} and republished with permission.",
    "Reporting by {outlet}; edited by our news desk.",
]
