"""Hand-written facts used by build_gazetteer.py: oblast names, GeoNames admin1 codes,
countries, and words that must not be taken for place names on sight."""

from __future__ import annotations

# KATOTTG two-digit prefix -> (English name, stem, Russian-based stems, GeoNames admin1 code,
# Russian adjective form, Ukrainian "-shchyna" form or "")
OBLASTS: dict[str, tuple[str, str, tuple[str, ...], str, str, str]] = {
    "01": ("Autonomous Republic of Crimea", "Crimea", ("Krym", "Krim"), "11", "Крым", ""),
    "05": ("Vinnytsia Oblast", "Vinnytsia", ("Vinnitsa", "Vinnytsya", "Vinnitsya"), "23", "Винницкая",
           "Вінниччина"),
    "07": ("Volyn Oblast", "Volyn", ("Volhynia", "Volynia"), "24", "Волынская", "Волинь"),
    "12": ("Dnipropetrovsk Oblast", "Dnipropetrovsk", ("Dnepropetrovsk", "Dnipro"), "04", "Днепропетровская",
           "Дніпропетровщина"),
    "14": ("Donetsk Oblast", "Donetsk", ("Donetsk",), "05", "Донецкая", "Донеччина"),
    "18": ("Zhytomyr Oblast", "Zhytomyr", ("Zhitomir",), "27", "Житомирская", "Житомирщина"),
    "21": ("Zakarpattia Oblast", "Zakarpattia", ("Transcarpathia", "Zakarpatska", "Zakarpatye"), "25",
           "Закарпатская", "Закарпаття"),
    # "Запоріжжя" names the city first: the oblast is "Запорізька область" or "Запорізький край"
    "23": ("Zaporizhzhia Oblast", "Zaporizhzhia", ("Zaporozhye", "Zaporizhia", "Zaporizhzhya"), "26",
           "Запорожская", ""),
    "26": ("Ivano-Frankivsk Oblast", "Ivano-Frankivsk", ("Ivano-Frankovsk",), "06", "Ивано-Франковская",
           "Прикарпаття"),
    "32": ("Kyiv Oblast", "Kyiv", ("Kiev",), "13", "Киевская", "Київщина"),
    "35": ("Kirovohrad Oblast", "Kirovohrad", ("Kirovograd", "Kropyvnytskyi"), "10", "Кировоградская",
           "Кіровоградщина"),
    "44": ("Luhansk Oblast", "Luhansk", ("Lugansk",), "14", "Луганская", "Луганщина"),
    "46": ("Lviv Oblast", "Lviv", ("Lvov",), "15", "Львовская", "Львівщина"),
    "48": ("Mykolaiv Oblast", "Mykolaiv", ("Nikolaev", "Nikolayev", "Mykolayiv"), "16", "Николаевская",
           "Миколаївщина"),
    "51": ("Odesa Oblast", "Odesa", ("Odessa",), "17", "Одесская", "Одещина"),
    "53": ("Poltava Oblast", "Poltava", (), "18", "Полтавская", "Полтавщина"),
    "56": ("Rivne Oblast", "Rivne", ("Rovno",), "19", "Ровенская", "Рівненщина"),
    "59": ("Sumy Oblast", "Sumy", (), "21", "Сумская", "Сумщина"),
    "61": ("Ternopil Oblast", "Ternopil", ("Ternopol",), "22", "Тернопольская", "Тернопільщина"),
    "63": ("Kharkiv Oblast", "Kharkiv", ("Kharkov",), "07", "Харьковская", "Харківщина"),
    "65": ("Kherson Oblast", "Kherson", (), "08", "Херсонская", "Херсонщина"),
    "68": ("Khmelnytskyi Oblast", "Khmelnytskyi", ("Khmelnitsky", "Khmelnytsky", "Khmelnitskiy"), "09",
           "Хмельницкая", "Хмельниччина"),
    "71": ("Cherkasy Oblast", "Cherkasy", ("Cherkassy",), "01", "Черкасская", "Черкащина"),
    "73": ("Chernivtsi Oblast", "Chernivtsi", ("Chernovtsy",), "03", "Черновицкая", "Буковина"),
    "74": ("Chernihiv Oblast", "Chernihiv", ("Chernigov",), "02", "Черниговская", "Чернігівщина"),
    "80": ("Kyiv", "Kyiv", ("Kiev",), "12", "", ""),
    "85": ("Sevastopol", "Sevastopol", (), "20", "", ""),
}

# Words that turn a name into a region: "Kharkiv region", "Kharkivska oblast".
REGION_WORDS = ("oblast", "region", "province", "oblast'", "regional")

# Countries named in reports; level "country". Ukraine first.
COUNTRIES: tuple[tuple[str, str, float, float, tuple[str, ...]], ...] = (
    ("UA", "Ukraine", 49.0, 31.4, ("Україна", "Украина", "Ukrajina")),
    ("RU", "Russia", 61.5, 105.3, ("Russian Federation", "Росія", "Россия")),
    ("BY", "Belarus", 53.7, 28.0, ("Білорусь", "Беларусь")),
    ("PL", "Poland", 52.1, 19.4, ("Польща",)),
    ("MD", "Moldova", 47.4, 28.4, ()),
    ("GE", "Georgia", 42.3, 43.4, ()),
)

# First names (Ukrainian, Russian, English) that are also GeoNames alternates or places.
FIRST_NAMES = frozenset("""
ivan petro pavlo mykola mikola nikolai nikolay oleksandr aleksandr alexander alex andriy andrii andrei
andrey serhiy serhii sergei sergey sergiy volodymyr vladimir dmytro dmitry dmitri yuriy yurii yuri
oleh oleg vasyl vasily viktor victor maria mariya mariia olena elena olga olha anna natalia natalya
tetiana tatiana iryna irina svitlana svetlana oksana lyudmila liudmyla halyna galina kateryna
yekaterina ekaterina nadia nadiya nadiia nadezhda vira vera liubov lyubov sofia sophia stepan taras
bohdan bogdan roman anton artem maksym maxim mikhail mykhailo hryhoriy grigory fedir fyodor yakiv
yakov ilya illia kyrylo kirill denys denis vitaliy vitali ruslan igor ihor yevhen evgeny yevgeny
john james mary george michael david peter paul mark luke adam eva eve lev leo max marta marina
maksim oleksii oleksiy aleksei alexei alexey yevgeniy vadym vadim valeriy valery borys boris
hanna ganna yulia yuliia julia daria darya alina anastasia nastya polina sasha misha petr pyotr
elizabeth helen alexandra christina kristina valentina larisa lesya lesia zoya zoia vanya
""".split())

# Ukrainian/Russian common words that are also village names (a sentence-initial capital
# makes them look like names in Cyrillic text), plus English words not in the lexicon.
NATIVE_WORDS = frozenset("""
mayak maiak majak zoria zorya zorja zarya peremoha pobeda druzhba myr mir nadiia nadiya nadezhda
svitanok zirka zvezda komunar pryvilne pravda sonce sontse vesna radist shchaslyve
маяк зоря заря перемога победа дружба мир надія надежда світанок зірка звезда весна правда
радість щасливе новий нове нова мирне мирний
""".split())

# Multi-word or foreign names that need Ukrainian context before they count.
ALWAYS_RISKY = frozenset({"new york", "нью йорк", "paris", "париж", "berlin", "london", "moscow", "москва",
                          "washington", "boston", "america", "canada", "ottawa", "madrid", "brussels",
                          "amsterdam", "prague", "warsaw", "rome", "vienna", "geneva", "hague", "toronto"})

# Demonyms and country words that must never be read as a settlement.
NEVER_PLACE = frozenset("""
ukrainian ukrainians russian russians soviet ukraine russia kremlin european europe american nato
українці українська російська русский советский украинский
""".split())

# English names for places the transliteration cannot produce.
ALIASES: dict[str, tuple[str, ...]] = {
    "Нью-Йорк": ("New York",), "Залізничне": ("Железнодорожное",), "Ягідне": ("Ягодное",),
    "Київ": ("Kiev",), "Одеса": ("Odessa",),
}

# Lexicon words that, in a report about Ukraine, are far likelier the place (Liman = Lyman).
NOT_RISKY = frozenset({"liman", "chernobyl", "odessa", "kherson", "sumy", "rivne", "brovary"})

# Russian colloquial names of oblasts ("на Харьковщине"), by KATOTTG prefix; Ukrainian ones are in
# OBLASTS.
RU_SHCHYNA: dict[str, tuple[str, ...]] = {
    "05": ("Винничина",), "07": ("Волынь",), "12": ("Днепропетровщина", "Днепрощина"), "14": ("Донетчина",),
    "18": ("Житомирщина",), "21": ("Закарпатье",), "26": ("Прикарпатье",), "32": ("Киевщина",),
    "35": ("Кировоградщина",), "44": ("Луганщина",), "46": ("Львовщина",), "48": ("Николаевщина",),
    "51": ("Одесщина", "Одессщина"), "53": ("Полтавщина",), "56": ("Ровенщина",), "59": ("Сумщина",),
    "61": ("Тернопольщина",), "63": ("Харьковщина",), "65": ("Херсонщина",),
    "68": ("Хмельнитчина", "Хмельнитчина"), "71": ("Черкасщина", "Черкассщина"), "73": ("Буковина",),
    "74": ("Черниговщина",),
}
UK_EXTRA_REGION: dict[str, tuple[str, ...]] = {"23": ("Запорізький край",)}

# Names other languages give a town that no transliteration rule produces (exonyms: Kijów, Lemberg).
EXONYMS: dict[str, tuple[str, ...]] = {
    "Київ": ("Kijów", "Kiew", "Kiev", "Kijev", "Kíev"),
    "Львів": ("Lwów", "Lemberg", "Léopol", "Leópolis"),
    "Харків": ("Charków", "Charkow", "Kharkov", "Járkov", "Jarkiv"),
    "Миколаїв": ("Mikołajów", "Nikolajew"),
    "Запоріжжя": ("Zaporoże", "Saporischschja", "Zaporojie", "Zaporiyia", "Zaporijia", "Saporischja"),
    "Дніпро": ("Dniepr", "Dnjepr", "Dniepropetrowsk"),
    "Чернігів": ("Czernihów", "Tschernihiw"),
    "Донецьк": ("Donieck", "Donezk"),
    "Луганськ": ("Ługańsk", "Lugansk"),
    "Житомир": ("Żytomierz", "Schytomyr"),
    "Чернівці": ("Czerniowce", "Czernowitz"),
    "Рівне": ("Równe",),
    "Тернопіль": ("Tarnopol",),
    "Луцьк": ("Łuck",),
    "Біла Церква": ("Biała Cerkiew",),
    "Слов'янськ": ("Słowiańsk", "Slowjansk", "Eslaviansk"),
    "Чугуїв": ("Czuhujew", "Tschuhujiw"),
    "Херсон": ("Chersoń", "Jersón"),
    "Севастополь": ("Sewastopol", "Sébastopol"),
    "Вінниця": ("Winnica", "Winnyzja"),
    "Полтава": ("Połtawa", "Poltawa"),
    "Кременчук": ("Krzemieńczuk",),
    "Ужгород": ("Użhorod",),
    "Кропивницький": ("Kropywnycki",),
    "Бахмут": ("Bachmut", "Bajmut"),
    "Одеса": ("Odessa",),
    "Маріуполь": ("Marioupol",),
    "Тростянець": ("Trościaniec",),
    "Охтирка": ("Ochtyrka",),
    "Ірпінь": ("Irpień",),
    "Гостомель": ("Hostomel", "Gostomel"),
    "Вовчанськ": ("Wołczańsk", "Woltschansk"),
    "Бердянськ": ("Berdiańsk", "Berdjansk"),
}
CRIMEA_EXONYMS = ("Crimée", "Krim", "Krym", "Crimea")
