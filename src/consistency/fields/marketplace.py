"""Marketplaces and countries: which rules of which region apply.

A marketplace is given as an Amazon marketplace ID (`A1PA6795UKMFR9`), a country code
(`DE`, `UK`) or a domain (`amazon.de`, `www.amazon.co.uk`); all three resolve to the same
`Marketplace`.  Its region decides the label-content rules: EU/EEA marketplaces apply the
GPSR (CR701-CR704), the UK marketplace the GB General Product Safety Regulations 2005
(CR701 only), every other marketplace none of them.  The data - IDs, domains, EU and EEA
members - is in `consistency/data/marketplaces.toml` with its sources (pycountry knows
countries, not EU membership).
"""

from __future__ import annotations

import enum
import functools
import re
import tomllib
from importlib import resources

import attrs

from consistency.fields import clean


class Region(enum.StrEnum):
    """Which product-safety law a country sells under, for the label-content rules."""

    EU = "eu"  #: an EU or EEA state: Regulation (EU) 2023/988 (GPSR)
    UK = "uk"  #: Great Britain: the General Product Safety Regulations 2005
    OTHER = "other"


@attrs.frozen
class Marketplace:
    """An Amazon marketplace: its country code, ID, domain and region."""

    country: str
    marketplace_id: str
    domain: str
    region: Region

    def describe(self) -> str:
        """`amazon.de (DE, EU)` for messages."""
        return f"{self.domain} ({self.country}, {self.region.value.upper()})"


@attrs.frozen
class _Data:
    marketplaces: tuple[Marketplace, ...]
    eu: frozenset[str]
    uk: frozenset[str]


@functools.cache
def _data() -> _Data:
    text = resources.files("consistency").joinpath("data/marketplaces.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    eu = frozenset(raw["eu"]) | frozenset(raw["eea"])
    uk = frozenset(raw["uk"])
    places = tuple(
        Marketplace(code, ident, domain, _region(code, eu, uk))
        for code, (ident, domain) in raw["marketplaces"].items()
    )
    return _Data(places, eu, uk)


def _region(country: str, eu: frozenset[str], uk: frozenset[str]) -> Region:
    if country in eu:
        return Region.EU
    if country in uk:
        return Region.UK
    return Region.OTHER


def region_of(country: str) -> Region:
    """The region of an ISO 3166 alpha-2 country code (`UK` is accepted for `GB`)."""
    code = country.strip().upper()
    code = {"UK": "GB", "EL": "GR"}.get(code, code)
    data = _data()
    return _region(code, data.eu, data.uk)


def is_eu(country: str) -> bool:
    """True for EU and EEA member states (where the GPSR applies)."""
    return region_of(country) == Region.EU


_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?(amazon\.[a-z.]+?)/?$", re.I)


def resolve(value: str) -> Marketplace | None:
    """The marketplace a listing cell, a flag or a configuration value names, if known."""
    text = clean(value).strip().strip("[]")
    text = re.sub(r"^marketplace_id\s*=\s*", "", text, flags=re.I)
    if not text:
        return None
    places = _data().marketplaces
    upper = text.upper()
    for place in places:
        if upper == place.marketplace_id:
            return place
    code = {"UK": "GB"}.get(upper, upper)
    for place in places:
        if code == place.country:
            return place
    domain = _DOMAIN.match(text)
    if domain:
        wanted = domain.group(1).lower()
        for place in places:
            if wanted == place.domain:
                return place
    return None


#: Country names as addresses print them (English, German, French, local, Chinese), to
#: ISO codes.  Only what labels of products sold in the EU/UK commonly name.
COUNTRY_NAMES: dict[str, str] = {
    "china": "CN", "p.r. china": "CN", "p.r.china": "CN", "prc": "CN", "people's republic of china": "CN",
    "中国": "CN", "中华人民共和国": "CN", "chine": "CN", "hong kong": "HK", "香港": "HK",
    "taiwan": "TW", "台湾": "TW", "japan": "JP", "日本": "JP", "korea": "KR", "south korea": "KR",
    "vietnam": "VN", "viet nam": "VN", "india": "IN", "turkey": "TR", "türkiye": "TR",
    "usa": "US", "u.s.a.": "US", "united states": "US", "united states of america": "US", "美国": "US",
    "canada": "CA", "mexico": "MX", "australia": "AU",
    "united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "英国": "GB",
    "germany": "DE", "deutschland": "DE", "allemagne": "DE", "德国": "DE",
    "france": "FR", "法国": "FR", "italy": "IT", "italia": "IT", "italie": "IT", "意大利": "IT",
    "spain": "ES", "españa": "ES", "espana": "ES", "espagne": "ES", "spanien": "ES", "西班牙": "ES",
    "netherlands": "NL", "the netherlands": "NL", "nederland": "NL", "niederlande": "NL", "pays-bas": "NL", "荷兰": "NL",
    "belgium": "BE", "belgique": "BE", "belgië": "BE", "belgien": "BE",
    "poland": "PL", "polska": "PL", "polen": "PL", "sweden": "SE", "sverige": "SE", "schweden": "SE",
    "ireland": "IE", "éire": "IE", "irland": "IE", "austria": "AT", "österreich": "AT",
    "czech republic": "CZ", "czechia": "CZ", "česká republika": "CZ", "tschechien": "CZ",
    "slovakia": "SK", "slovenia": "SI", "slovenija": "SI", "hungary": "HU", "magyarország": "HU",
    "portugal": "PT", "greece": "GR", "romania": "RO", "bulgaria": "BG", "croatia": "HR",
    "denmark": "DK", "danmark": "DK", "finland": "FI", "suomi": "FI", "estonia": "EE",
    "latvia": "LV", "lithuania": "LT", "luxembourg": "LU", "luxemburg": "LU", "malta": "MT",
    "cyprus": "CY", "norway": "NO", "norge": "NO", "iceland": "IS", "liechtenstein": "LI",
    "switzerland": "CH", "schweiz": "CH", "suisse": "CH",
}  # fmt: skip

_COUNTRY = re.compile(
    r"(?<![\w])("
    + "|".join(re.escape(n) for n in sorted(COUNTRY_NAMES, key=len, reverse=True))
    + r")(?![\w])",
    re.I,
)
#: Chinese provinces and the cities labels name without a country (`…, Shenzhen`).
CHINESE_PLACES = re.compile(
    r"(?<![\w])(guangdong|zhejiang|jiangsu|fujian|shandong|shanghai|beijing|tianjin|chongqing|"
    r"hubei|hunan|henan|hebei|anhui|jiangxi|sichuan|shenzhen|guangzhou|dongguan|ningbo|"
    r"yiwu|hangzhou|xiamen|foshan|zhongshan|suzhou|shantou|jinhua|wenzhou|huizhou)(?![\w])|"
    r"(广东|浙江|江苏|福建|山东|上海|北京|深圳|广州|东莞|宁波|义乌|杭州|厦门|佛山|中山|苏州)",
    re.I,
)


def countries_in(text: str) -> list[str]:
    """ISO codes of the countries a text names, in order (a Chinese province counts as CN)."""
    found = [(m.start(), COUNTRY_NAMES[m.group(1).lower()]) for m in _COUNTRY.finditer(text)]
    found += [(m.start(), "CN") for m in CHINESE_PLACES.finditer(text)]
    return [code for _, code in sorted(found)]
