"""Street addresses, postal codes and "Town, ST" by their shape: USPS forms (Publication 28),
Commonwealth street types, and the conventions of continental Europe and Latin America.

Each finder takes the text and yields spans; none of them keeps or logs what it saw.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from confide.privacy.spans import PATTERN, PhiLabel, Span

_ORD = r"(?:st|nd|rd|th)"

# Street suffixes: the common ones of the USPS standard list, and their usual abbreviations.
_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Wy|Place|"
    r"Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Route|Rte|Trail|Trl|Square|Sq|Alley|"
    r"Aly|Crescent|Loop|Pike|Turnpike|Tpke|Row|Walk|Plaza|Plz|Point|Pt|Ridge|Rdg|Run|Crossing|"
    r"Xing|Common|Commons|Heights|Hts|Landing|Lndg|Path|Pass|Glen|Grove|Grv|Hollow|Mews|Close|"
    r"Garden|Gardens|Gdns|Green|Cove|Bend|Expressway|Expy|Freeway|Fwy|Estate|Estates|Manor|"
    r"View|Vista|Station|Sta|Junction|Jct|Harbor|Hbr|Port|Mall|Meadow|Meadows|Park|Field|Fields|"
    r"Hill|Hills|Spur|Track|Stravenue|Via|Branch|Bridge|Brook|Brooks|Burg|Bypass|Byp|Camp|"
    r"Canyon|Cape|Causeway|Center|Ctr|Cliff|Cliffs|Club|Corner|Corners|Course|Creek|Crk|Crest|"
    r"Curve|Dale|Dam|Divide|Extension|Ext|Falls|Ferry|Flat|Flats|Ford|Forest|Forge|Fork|Forks|"
    r"Fort|Ft|Gateway|Haven|Inlet|Island|Isle|Key|Knoll|Knolls|Lake|Lakes|Land|Light|Lock|"
    r"Lodge|Mill|Mills|Mission|Motorway|Mount|Mt|Mountain|Mtn|Neck|Orchard|Oval|Overpass|Pine|"
    r"Pines|Plain|Plains|Prairie|Radial|Ramp|Ranch|Rapids|Rest|River|Shoal|Shore|Shores|Skyway|"
    r"Spring|Springs|Stream|Summit|Throughway|Trace|Trafficway|Tunnel|Underpass|Union|Valley|"
    r"Vly|Village|Vlg|Ville|Wall|Well|Wells|Rise|Parade|Pde|Esplanade|Promenade|Quay|Gate|Vale|"
    r"Chase|Approach|Wynd|Grange|Croft|Broadway|Highlands|Hideaway|Anne?x|Arcade|Bayou|Bluff|"
    r"Crossroad|Loaf|Rapid|Viaduct|Circuit|Concourse|Strand)"
)
_UNIT = r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|Room|Rm|Floor|Fl|Lot|Bldg|#)\.?\s*#?\s*[\w-]+)"
_STATE_ABBR = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|"
    r"NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI)"
)
# Capital letters of the Latin alphabets: a street or town may start with "Š" or "Ø".
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_CAPWORD = rf"[{_UPPER}][\w'.-]*"
_CITY = rf"{_CAPWORD}(?:[ -]{_CAPWORD}){{0,3}}"
_POSTCODE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4}\s?[A-Z]{2}|"
    r"\d{2}-\d{3}|\d{4,5}(?:-\d{4})?)"
)
# What may follow a street line: "Springfield, IL 62701", "Smithbury\nW8 6FJ", "48337 Kassel".
_TOWN_LINE = (
    rf"(?:,?[ \t]*\n?[ \t]*(?:{_CITY},?\s+(?:{_STATE_ABBR}\b|[A-Z][a-z]+\b)"
    rf"(?:\s+\d{{5}}(?:-\d{{4}})?)?|{_CITY}(?:,?\s*\n?\s*{_POSTCODE}\b)|"
    rf"(?:\d{{4}}\s?[A-Z]{{2}}|\d{{2}}-\d{{3}}|\d{{4,5}}),?[ \t]*\n?[ \t]*{_CITY}"
    rf"(?:\s*\([A-Z]{{2}}\))?))?"
)
_STREET_TYPES = (
    r"(?i:rue|avenue|boulevard|chemin|impasse|all[ée]e|quai|calle|avenida|cuesta|vial|ronda|"
    r"paseo|plaza|camino|callej[óo]n|carretera|glorieta|pasaje|traves[íi]a|via|viale|vicolo|"
    r"piazza|corso|largo|incrocio|borgo|contrada|strada|rotonda|stretto|rua|travessa|"
    r"pra[çc]a|rodovia|estrada|ulica|ul\.|aleja|al\.|plac|pl\.|osiedle|os\.|"
    r"calzada|diagonal|viaducto|circunvalaci[óo]n|peatonal|cerrada|retorno|continuaci[óo]n|"
    r"privada|ampliaci[óo]n|andador|circuito|prolongaci[óo]n|perif[ée]rico|eje|av\.|avda\.|"
    r"diag\.|blv\.|bv\.|jalan|jl\.|gang|gg\.)"
)
_PARTICLES = r"(?:(?:de|del|la|le|las|los|da|do|dos|das|di|della|des|du|d')\s*)*"
STREET = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?(?:-\d{{1,5}})?\s+(?:[NSEW]\.?\s+|(?:North|South|East|West)\s+)?"
    rf"(?:(?:{_CAPWORD}|\d{{1,3}}{_ORD})\s+){{0,3}}{_SUFFIX}s?\b\.?"
    rf"(?:\s+[NSEW][EW]?\b\.?)?{_UNIT}?{_TOWN_LINE}"
    # continental forms: "Hauptstrasse 12", "12, rue de la Paix", "Calle Mayor 5, Apt. 3"
    rf"|\b[A-Z][\w-]*(?i:stra(?:ss|ß)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|straat|laan|"
    rf"gade|vej|väg|gatan|vägen|plein|gracht|kade|singel|dreef|hof|pad|baan|boulevard|steeg|"
    rf"dijk|markt|park|lei|vei|veien|vegen|gate|gata|gaten|plass|plassen|torg|torget|gränd|"
    rf"stigen|tie|katu|kuja|polku|bulevardi|tori)\s+\d{{1,5}}(?:[-/]\d{{1,5}})?[a-z]?\b"
    rf"{_TOWN_LINE}"
    # the street type as a word after the name: "Petőfi utca 12.", "Dolenjska cesta 4a"
    # (Hungarian, Croatian, Slovenian, Czech, Slovak, Latvian, Lithuanian, Estonian, Turkish)
    rf"|\b{_CAPWORD}(?:\s+[\w'.-]+){{0,2}}\s+(?i:utca|út|útja|tér|körút|köz|fasor|sor|ulica|"
    rf"cesta|trg|pot|ulice|náměstí|nám\.|třída|námestie|ul\.|tn\.|odvojak|prilaz|perivoj|"
    rf"vijenac|šetalište|prolaz|nasip|obala|iela|gatvė|g\.|prospektas|pr\.|tänav|maantee|"
    rf"puiestee|põik|sokak|sokağı|sk\.|caddesi|cad\.|cd\.|bulvarı|blv\.)\s+(?:No:?\s*)?"
    rf"\d{{1,5}}(?:[-/]\d{{1,5}})?[a-z]?\b\.?{_TOWN_LINE}"
    # numbered streets of Colombia and Argentina: "Calle 12 # 34-56", "Cra. 7 No. 45-10",
    # "Diagonal 3 N° 87"
    r"|\b(?:Calle|Cl|Cll|Carrera|Cra|Cr|Kr|Kra|Transversal|Tv|Tr|Diagonal|Dg|Diag|Avenida|Av|"
    r"Avda|Ak|Ac)\.?\s+\d{1,3}[A-Z]?ª?(?:\s*Bis)?\s*(?:#|N[°º]|No\.?)\s*\d{1,4}[A-Z]?"
    r"(?:-\d{1,4}[A-Z]?)?\b"
    # Vietnamese: house numbers, then "đường" (road), "phố" (street), "ngõ"/"hẻm" (lane)
    r"|\b(?:Số\s+)?\d{1,4}(?:/\d{1,4}){0,3}\s+(?i:đường|phố|ngõ|hẻm)\s+(?:số\s+)?\w+"
    rf"(?:\s+[{_UPPER}]\w*){{0,3}}"
    rf"{_TOWN_LINE}"
    rf"|(?:\b\d{{1,5}},?\s+)?\b{_STREET_TYPES}\s+{_PARTICLES}{_CAPWORD}"
    rf"(?:[ -](?:{_PARTICLES}|i\s+|y\s+){_CAPWORD}){{0,3}},?\s*(?:n[º°o]\.?\s*)?\d{{0,5}}"
    r"(?:/\d{1,5})?\b"
    r"(?:\s*,?\s*(?:Apt|Appartamento|Piso|Puerta|Bis|Interior|Int|Edif|Depto|Dpto|m)\.?\s*"
    rf"\w+){{0,2}}{_TOWN_LINE}"
    # USPS Publication 28: P.O. boxes, rural and highway contract routes, military addresses
    r"|\b(?:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box|(?:RR|HC|Rural\s+Route)\s*\d{1,4},?\s+Box)"
    r"\s+\d{1,6}[A-Z]?\b"
    r"|\b(?:PSC|CMR|Unit)\s+\d{1,5},?\s+Box\s+\d{1,5}\b(?:,?\s+(?:APO|FPO|DPO)\s+A[AEP]\b)?"
    r"|\b(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5}\b"
    # a unit line on its own: "Apt. 4B", "Suite 210", "Flat 3", "Unit #12", and in lowercase
    # as hurried notes write it ("apt 4b", "suite 210"; not "flat" or "unit": "unit 3 of the
    # workbook")
    r"|\b(?:Apt|Apartment|Suite|Ste|Flat|Unit\s*#)\.?\s*#?\s*\d{1,5}[A-Z]?\b"
    r"|\b(?:apt|apartment|suite|ste|unit\s*#)\.?\s*#?\s*\d{1,5}(?:[A-Za-z]\b)?"
    # a building or house number named as such: "Building 7", "House No. 12", "Block 4"
    r"|\b(?:House|Building|Bldg|Block|Blk|Unit)\.?\s+(?:(?i:No)\.?\s*|#\s*)?\d{1,5}[A-Z]?\b",
)
# A house number announced as such: "house number is 12", "flat no. 4", "door #7".
HOUSE_NUMBER = re.compile(
    r"\b(?i:house|building|bldg|flat|apartment|apt|unit|door|street|lot)\s+(?i:number|no\.?|"
    r"num|nr\.?|#)\s*(?:(?i:is|was)\s+)?[:#]?\s*(?P<value>\d{1,6}[A-Za-z]?)\b"
)
# A street named without its house number: "on Ridgeway Ave", "off Old Mill Road". Only the
# street types that are never anything else; "Court", "Park" or "Way" alone prove nothing.
STREET_NAME = re.compile(
    rf"\b(?:[NSEW]\.?\s+|(?:North|South|East|West|Old|New)\s+)?{_CAPWORD}(?:\s+{_CAPWORD}){{0,2}}"
    r"\s+(?:(?:Street|Avenue|Road|Boulevard|Lane|Drive|Terrace|Parkway|Highway|Turnpike|Pike|"
    r"Alley|Crescent)\b|(?:St|Ave|Rd|Blvd|Ln|Ter|Pkwy|Hwy|Tpke)\b\.?)(?!\s*[A-Z][a-z])"
)
# After words that announce an address, a name and a house number in either order, with no
# street type ("lives at Kestrel Row 4" is caught above; "address: Hasičská 977" here).
ADDRESS_AFTER = re.compile(
    r"\b(?i:address(?:\s+is)?|lives\s+at|living\s+at|staying\s+at|stays\s+at|resides\s+at|"
    r"moved\s+to|mail\s+to|send\s+to)\s*:?\s+"
    rf"(?P<value>{_CAPWORD}(?:\s+{_CAPWORD}){{0,2}}\s+\d{{1,5}}[a-z]?(?:/\d{{1,4}})?\b"
    rf"|\d{{1,5}}[a-z]?,?\s+{_CAPWORD}(?:\s+{_CAPWORD}){{0,2}}){_TOWN_LINE}"
)
# After a state, the word "zip" or a capitalized town after a comma. Only "zip" ignores case:
# ", walked 10000" is not a town and a ZIP code.
ZIP = re.compile(
    rf"(?:\b{_STATE_ABBR}\s+|\b(?i:zip(?:\s*code)?)\W{{0,3}}|,\s*[A-Z][a-z]+\s+)"
    r"(?P<value>\d{5}(?:-\d{4})?)\b"
)
# A number shaped like a ZIP code standing alone: five digits or ZIP+4, not money, not a
# count of something, not part of a longer number or a range.
ZIP_SHAPED = re.compile(
    r"(?<![\w$.,/-])\d{5}(?:-\d{4})?(?![\w%/-]|[.,]\d|\s*(?:-|to|k\b|%|dollars|usd|"
    r"steps|miles|mg|mcg|ml|calories|people|times|hours|minutes|days|years|points|per\b|a\s+"
    r"(?:year|month|week)))",
    re.IGNORECASE,
)
# Postal codes of the shapes the UPU's postcode directory lists, after a word that names them
# ("Zip: 2150", "postal code is 114 55", "PLZ 8001", "CEP 01310-100"): with the word there,
# four digits (AT, AU, BE, CH, DK, HU, NO, NZ, ZA ...), six (IN, CN, RU, SG ...), "NNN NN"
# (SE, CZ, SK, GR), "NN-NNN" (PL), "NNNN-NNN" (PT), "NNNNN-NNN" (BR), "NNN-NNNN" (JP).
_ANY_POSTCODE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4}\s?[A-Z]{2}\b|"
    r"\d{5}-\d{3}|\d{4}-\d{3}|\d{3}-\d{4}|\d{2}-\d{3}|\d{3}\s\d{2}|\d{5}(?:-\d{4})?|\d{4,6})"
)
POSTAL_CODE = re.compile(
    r"\b(?:(?i:zip|zip\s*code|postal\s*code|post\s*code|postcode|postleitzahl|"
    r"c[óo]digo\s+postal|code\s+postal|codice\s+postale)|PLZ|CEP|CAP|CP|C\.P\.|PSČ|NPA)"
    r"(?:\s+(?:is|was|es|ist))?\s*[:#.-]?\s*"
    rf"(?P<value>{_ANY_POSTCODE})(?![\w-])"
)
POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b")
CITY_STATE = re.compile(
    rf"\b(?P<value>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}),\s+{_STATE_ABBR}\b(?!\w)"
)


_FINDS: tuple[tuple[re.Pattern[str], PhiLabel, str | None], ...] = (
    (STREET, PhiLabel.ADDRESS, None),
    (ADDRESS_AFTER, PhiLabel.ADDRESS, "value"),
    (STREET_NAME, PhiLabel.ADDRESS, None),
    (ZIP, PhiLabel.ADDRESS, "value"),
    (POSTAL_CODE, PhiLabel.ADDRESS, "value"),
    (HOUSE_NUMBER, PhiLabel.ADDRESS, "value"),
    (ZIP_SHAPED, PhiLabel.ADDRESS, None),
    (POSTCODE, PhiLabel.ADDRESS, None),
    (CITY_STATE, PhiLabel.LOCATION, "value"),
)


def find_addresses(text: str) -> Iterator[Span]:
    """Every address-shaped span of `text` (may overlap; `spans.resolve` settles them)."""
    for pattern, label, group in _FINDS:
        for m in pattern.finditer(text):
            start, end = m.span(group) if group else m.span()
            if start < end:
                yield Span(start, end, label, PATTERN)


# A house, building or lot number standing just before a street line on the same line
# ("1420 Kestrel Row 4", "17 12 Rue Lamarck"): the primary number comes first in the US forms
# of USPS Publication 28 and in the UPU's templates for most countries, so it belongs to the
# address. Not money, not part of a longer number, a time or a date.
_NUMBER_BEFORE = re.compile(r"(?<![\w$.,/:-])\d{1,6}[A-Za-z]?[ \t]+$")
# A postal code written beside its town, as the UPU's address formats of most countries put
# it: after the town ("Lisboa 1100-148", "Graz, 8010") or before it ("8001 Zürich", "114 55
# Stockholm"). A year after a town is a year; a count after it is a count.
_CODE = r"(?:\d{5}-\d{3}|\d{4}-\d{3}|\d{3}\s\d{2}|\d{2}-\d{3}|(?!1[89]\d\d|20\d\d)\d{4})"
_CODE_AFTER = re.compile(
    rf",?[ \t]+(?P<code>{_CODE})(?![\w-]|[.,]\d|\s*(?:%|people|residents|miles|km|feet|ft|"
    r"dollars|usd|times|days|hours|minutes|years|steps|points)\b)"
)
_CODE_BEFORE = re.compile(rf"(?<![\w$.,/:-])(?P<code>{_CODE}),?[ \t]+$")


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _grown(text: str, span: Span, floor: int) -> Span:
    """An address grown left over the house number before it, past `floor` only."""
    m = _NUMBER_BEFORE.search(text, max(floor, _line_start(text, span.start)), span.start)
    if m is None:
        return span
    return Span(m.start(), span.end, span.label, span.strength, span.key)


def _town_codes(text: str, town: Span, floor: int, ceiling: int) -> list[Span]:
    """Postal codes just before or after a town, on its line, between `floor` and `ceiling`."""
    codes = []
    before = _CODE_BEFORE.search(text, max(floor, _line_start(text, town.start)), town.start)
    if before is not None:
        codes.append(Span(*before.span("code"), PhiLabel.ADDRESS, town.strength))
    after = _CODE_AFTER.match(text, town.end, ceiling)
    if after is not None:
        codes.append(Span(*after.span("code"), PhiLabel.ADDRESS, town.strength))
    return codes


def with_address_parts(text: str, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """`spans` (sorted, non-overlapping, as `spans.resolve` leaves them) with each address
    grown over its house number and the postal code beside each town added, where no other
    span covers them."""
    out: list[Span] = []
    for i, span in enumerate(spans):
        floor = out[-1].end if out else 0
        if span.label is PhiLabel.ADDRESS:
            span = _grown(text, span, floor)
        if span.label is PhiLabel.LOCATION:
            ceiling = spans[i + 1].start if i + 1 < len(spans) else len(text)
            codes = _town_codes(text, span, floor, ceiling)
            out.extend(c for c in codes if c.end <= span.start)
            out.append(span)
            out.extend(c for c in codes if c.start >= span.end)
            continue
        out.append(span)
    return tuple(out)
