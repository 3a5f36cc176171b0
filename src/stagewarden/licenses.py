"""SPDX license expressions, what a PyPI release says about its license, and the SW405 verdict.

PyPI's JSON API states a license in three places of very different quality: `license_expression`
(PEP 639, an SPDX expression), `license` (free text: an id, a name, a whole pasted license text,
"UNKNOWN") and the `License ::` trove classifiers. license_of() reads the most precise one that
names a license; evaluate() checks that against the policy's allowed-licenses.

A vague declaration ("BSD", "License :: OSI Approved :: BSD License", "GPL") is never guessed as
one license: it is kept as the licenses it may mean (`candidates`) and is allowed only when every
one of them is, because the author may have meant any of them. Later versions are never assumed
either: GPL-2.0-or-later is allowed only when the policy lists GPL-2.0-or-later.

The tables below are plain text, parsed on first use (functools.cache), so importing this module
costs nothing but compiling it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple, Optional, Union

# SPDX license ids (https://spdx.org/licenses/), canonical casing: those seen in Python packaging
# and their close relatives. An id not listed here is still accepted in an expression, as written.
_LICENSE_IDS = """
0BSD AAL AFL-1.1 AFL-1.2 AFL-2.0 AFL-2.1 AFL-3.0 AGPL-1.0-only AGPL-1.0-or-later AGPL-3.0-only
AGPL-3.0-or-later Aladdin AMPAS ANTLR-PD Apache-1.0 Apache-1.1 Apache-2.0 APSL-1.0 APSL-1.1 APSL-1.2
APSL-2.0 Artistic-1.0 Artistic-1.0-cl8 Artistic-1.0-Perl Artistic-2.0 Beerware BitTorrent-1.1
BlueOak-1.0.0 BSD-1-Clause BSD-2-Clause BSD-2-Clause-Patent BSD-2-Clause-Views BSD-3-Clause
BSD-3-Clause-Attribution BSD-3-Clause-Clear BSD-3-Clause-LBNL BSD-3-Clause-Modification
BSD-3-Clause-No-Nuclear-License BSD-3-Clause-No-Nuclear-Warranty BSD-3-Clause-Open-MPI BSD-4-Clause
BSD-4-Clause-UC BSD-Protection BSD-Source-Code BSL-1.0 BUSL-1.1 bzip2-1.0.6 CAL-1.0 CATOSL-1.1
CC-BY-2.0 CC-BY-2.5 CC-BY-3.0 CC-BY-4.0 CC-BY-NC-4.0 CC-BY-NC-ND-4.0 CC-BY-NC-SA-4.0 CC-BY-ND-4.0
CC-BY-SA-2.0 CC-BY-SA-3.0 CC-BY-SA-4.0 CC-PDDC CC0-1.0 CDDL-1.0 CDDL-1.1 CDLA-Permissive-1.0
CDLA-Permissive-2.0 CDLA-Sharing-1.0 CECILL-1.0 CECILL-1.1 CECILL-2.0 CECILL-2.1 CECILL-B CECILL-C
CNRI-Python CNRI-Python-GPL-Compatible CPAL-1.0 CPL-1.0 CUA-OPL-1.0 curl ECL-1.0 ECL-2.0 EFL-1.0
EFL-2.0 Elastic-2.0 Entessa EPL-1.0 EPL-2.0 ErlPL-1.1 EUDatagrid EUPL-1.0 EUPL-1.1 EUPL-1.2 Fair
Frameworx-1.0 FSFAP FSFUL FSFULLR FTL GFDL-1.1-only GFDL-1.1-or-later GFDL-1.2-only
GFDL-1.2-or-later GFDL-1.3-only GFDL-1.3-or-later GPL-1.0-only GPL-1.0-or-later GPL-2.0-only
GPL-2.0-or-later GPL-3.0-only GPL-3.0-or-later Hippocratic-2.1 HPND HPND-sell-variant ICU IJG
ImageMagick Info-ZIP Intel IPA IPL-1.0 ISC JasPer-2.0 JSON LGPL-2.0-only LGPL-2.0-or-later
LGPL-2.1-only LGPL-2.1-or-later LGPL-3.0-only LGPL-3.0-or-later LGPLLR Libpng libpng-2.0
LiLiQ-P-1.1 LiLiQ-R-1.1 LiLiQ-Rplus-1.1 LPL-1.0 LPL-1.02 LPPL-1.3c MirOS MIT MIT-0 MIT-advertising
MIT-CMU MIT-enna MIT-feh MIT-Modern-Variant MIT-open-group MITNFA Motosoto MPL-1.0 MPL-1.1 MPL-2.0
MPL-2.0-no-copyleft-exception MS-PL MS-RL MulanPSL-1.0 MulanPSL-2.0 Multics NASA-1.3 Naumen NCSA
Net-SNMP NGPL NLPL Nokia NPL-1.0 NPL-1.1 NPOSL-3.0 NTP ODbL-1.0 ODC-By-1.0 OFL-1.0 OFL-1.1
OFL-1.1-no-RFN OFL-1.1-RFN OGTSL OLDAP-2.8 OpenSSL OPL-1.0 OSL-1.0 OSL-1.1 OSL-2.0 OSL-2.1 OSL-3.0
Parity-7.0.0 PDDL-1.0 PHP-3.0 PHP-3.01 PolyForm-Noncommercial-1.0.0 PolyForm-Small-Business-1.0.0
PostgreSQL Prosperity-3.0.0 PSF-2.0 Python-2.0 Python-2.0.1 QPL-1.0 RPL-1.1 RPL-1.5 RPSL-1.0 RSCPL
Ruby SGI-B-2.0 SimPL-2.0 SISSL SISSL-1.2 Sleepycat SMLNJ SPL-1.0 SSPL-1.0 TCL UCL-1.0 Unicode-3.0
Unicode-DFS-2015 Unicode-DFS-2016 Unlicense UPL-1.0 Vim VSL-1.0 W3C W3C-19980720 W3C-20150513
Watcom-1.0 WTFPL X11 XFree86-1.1 Xnet YPL-1.1 Zed Zlib zlib-acknowledgement ZPL-1.1 ZPL-2.0 ZPL-2.1
"""

# Deprecated ids that name one current id. The bare GNU ones (GPL-2.0 -> GPL-2.0-only, ...) are
# derived from the -only ids, so only the others are listed.
_RENAMED = {"BSD-2-Clause-FreeBSD": "BSD-2-Clause-Views", "BSD-2-Clause-NetBSD": "BSD-2-Clause",
            "StandardML-NJ": "SMLNJ"}

_EXCEPTION_IDS = """
389-exception Autoconf-exception-2.0 Autoconf-exception-3.0 Bison-exception-2.2 Bootloader-exception
Classpath-exception-2.0 CLISP-exception-2.0 eCos-exception-2.0 Fawkes-Runtime-exception FLTK-exception
Font-exception-2.0 freertos-exception-2.0 GCC-exception-2.0 GCC-exception-3.1 gnu-javamail-exception
GPL-3.0-linking-exception GPL-3.0-linking-source-exception GPL-CC-1.0 i2p-gpl-java-exception
LGPL-3.0-linking-exception Libtool-exception Linux-syscall-note LLVM-exception LZMA-exception
mif-exception OCaml-LGPL-linking-exception OCCT-exception-1.0 OpenJDK-assembly-exception-1.0
openvpn-openssl-exception PS-or-PDF-font-exception-20170817 Qt-GPL-exception-1.0 Qt-LGPL-exception-1.1
Qwt-exception-1.0 Swift-exception u-boot-exception-2.0 Universal-FOSS-exception-1.0
WxWindows-exception-3.1
"""

# License names as people write them in the license field, and as the last part of a `License ::`
# classifier. Keys are compared after _key() (case, punctuation, "License", "Version", "v" and
# "or later" spellings folded; a parenthesised abbreviation is tried with and without), so one
# line covers "MIT", "MIT License", "The MIT License (MIT)". GNU names (GPL, GPLv3+, LGPL v2.1,
# "GNU General Public License v2 or later (GPLv2+)") are read by _GNU_NAME instead.
# A result is an SPDX expression; "? A B" means any one of A, B (vague); "- why" names no license.
_NAMES = """
MIT | MIT
Expat | MIT
MIT No Attribution | MIT-0
CMU License | MIT-CMU
Apache | Apache-2.0
Apache 2.0 | Apache-2.0
Apache Software | Apache-2.0
Apache Software 2.0 | Apache-2.0
ASL 2.0 | Apache-2.0
BSD | ? BSD-2-Clause BSD-3-Clause
BSD-like | ? BSD-2-Clause BSD-3-Clause
BSD-style | ? BSD-2-Clause BSD-3-Clause
BSD-2 | BSD-2-Clause
BSD 2-Clause | BSD-2-Clause
2-Clause BSD | BSD-2-Clause
Simplified BSD | BSD-2-Clause
FreeBSD | BSD-2-Clause
BSD-3 | BSD-3-Clause
BSD 3-Clause | BSD-3-Clause
3-Clause BSD | BSD-3-Clause
New BSD | BSD-3-Clause
Modified BSD | BSD-3-Clause
Revised BSD | BSD-3-Clause
BSD 4-Clause | BSD-4-Clause
4-Clause BSD | BSD-4-Clause
Original BSD | BSD-4-Clause
Zero-Clause BSD | 0BSD
BSD Zero Clause | 0BSD
ISC | ISC
ISCL | ISC
PSF | PSF-2.0
PSFL | PSF-2.0
PSF 2.0 | PSF-2.0
Python Software Foundation | PSF-2.0
Python | ? PSF-2.0 Python-2.0 CNRI-Python
Python License (CNRI Python License) | CNRI-Python
GNU Free Documentation | ? GFDL-1.1-only GFDL-1.1-or-later GFDL-1.2-only GFDL-1.2-or-later GFDL-1.3-only GFDL-1.3-or-later
MPL | ? MPL-1.0 MPL-1.1 MPL-2.0
Mozilla Public | ? MPL-1.0 MPL-1.1 MPL-2.0
MPL 1.0 | MPL-1.0
Mozilla Public 1.0 | MPL-1.0
MPL 1.1 | MPL-1.1
Mozilla Public 1.1 | MPL-1.1
MPL 2.0 | MPL-2.0
Mozilla Public 2.0 | MPL-2.0
EPL | ? EPL-1.0 EPL-2.0
Eclipse Public | ? EPL-1.0 EPL-2.0
EPL 1.0 | EPL-1.0
Eclipse Public 1.0 | EPL-1.0
EPL 2.0 | EPL-2.0
Eclipse Public 2.0 | EPL-2.0
EUPL | ? EUPL-1.0 EUPL-1.1 EUPL-1.2
EUPL 1.0 | EUPL-1.0
EUPL 1.1 | EUPL-1.1
EUPL 1.2 | EUPL-1.2
European Union Public Licence 1.0 | EUPL-1.0
European Union Public Licence 1.1 | EUPL-1.1
European Union Public Licence 1.2 | EUPL-1.2
Unlicense | Unlicense
Public Domain | LicenseRef-Public-Domain
CC0 | CC0-1.0
CC0 1.0 | CC0-1.0
CC0 1.0 Universal | CC0-1.0
CC0 1.0 Universal Public Domain Dedication | CC0-1.0
zlib/libpng | Zlib
Boost | BSL-1.0
Boost Software | BSL-1.0
Boost Software 1.0 | BSL-1.0
Artistic | ? Artistic-1.0 Artistic-2.0
Artistic 2.0 | Artistic-2.0
Academic Free | ? AFL-1.1 AFL-1.2 AFL-2.0 AFL-2.1 AFL-3.0
Aladdin Free Public | Aladdin
Apple Public Source | ? APSL-1.0 APSL-1.1 APSL-1.2 APSL-2.0
Attribution Assurance | AAL
Blue Oak Model | BlueOak-1.0.0
CEA CNRS Inria Logiciel Libre License, version 2.1 | CECILL-2.1
CeCILL-B Free Software License Agreement | CECILL-B
CeCILL-C Free Software License Agreement | CECILL-C
Common Development and Distribution License 1.0 | CDDL-1.0
Common Public | CPL-1.0
Common Public Attribution 1.0 | CPAL-1.0
Educational Community License, Version 2.0 | ECL-2.0
Eiffel Forum | ? EFL-1.0 EFL-2.0
Historical Permission Notice and Disclaimer | HPND
IBM Public | IPL-1.0
Intel Open Source | Intel
MirOS | MirOS
Motosoto | Motosoto
Mulan Permissive Software License v2 | MulanPSL-2.0
Nethack General Public | NGPL
Netscape Public | ? NPL-1.0 NPL-1.1
Nokia Open Source | Nokia
Open Group Test Suite | OGTSL
Open Software 3.0 | OSL-3.0
PostgreSQL | PostgreSQL
Qt Public | QPL-1.0
Ricoh Source Code Public | RSCPL
SIL Open Font 1.1 | OFL-1.1
Sleepycat | Sleepycat
Sun Industry Standards Source | SISSL
Sun Public | SPL-1.0
Universal Permissive | UPL-1.0
University of Illinois/NCSA Open Source | NCSA
Vovida Software 1.0 | VSL-1.0
W3C | W3C
X.Net | Xnet
Zope Public | ? ZPL-1.1 ZPL-2.0 ZPL-2.1
ZPL 2.1 | ZPL-2.1
Other/Proprietary | - says it is proprietary, or under a license that has no classifier
Proprietary | - says it is proprietary
Commercial | - says it is proprietary
All rights reserved | - says it is proprietary
OSI Approved | - does not say which license
DFSG approved | - does not say which license
Dual | - does not say which licenses
Other | - does not name a license
Custom | - does not name a license
Freeware | - names no license with an SPDX identifier
Freely Distributable | - names no license with an SPDX identifier
Free For Educational Use | - names no license with an SPDX identifier
Free For Home Use | - names no license with an SPDX identifier
Free for non-commercial use | - names no license with an SPDX identifier
Free To Use But Restricted | - names no license with an SPDX identifier
GUST Font License 1.0 | - names no license with an SPDX identifier
GUST Font License 2006-09-30 | - names no license with an SPDX identifier
Jabber Open Source | - names no license with an SPDX identifier
MITRE Collaborative Virtual Workspace | - names no license with an SPDX identifier
Repoze Public | - names no license with an SPDX identifier
"""

# GNU names, on a _key(): "gpl 3 +", "gnu lesser general public 2.1", "agpl 3", "gnu gpl". Without
# a version they may mean any of the family's current versions, -only or -or-later.
_GNU_NAME = re.compile(r"(?:gnu )?(?:(?P<a>a|affero )|(?P<l>l|lesser |library |library or lesser ))?"
                       r"(?:gpl|general public)(?: (?P<version>[123](?:\.1)?))?(?P<later> \+)?")
_GNU_VERSIONS = {"GPL": ("2.0", "3.0"), "LGPL": ("2.0", "2.1", "3.0"), "AGPL": ("3.0",)}

# The opening of a pasted license text (whitespace collapsed, lowercased): "title => result".
_TEXT_TITLES = r"""
(?:the )?mit license => MIT
apache license,? version 2\.0 => Apache-2.0
bsd 2-clause license|2-clause bsd license => BSD-2-Clause
bsd 3-clause license|3-clause bsd license => BSD-3-Clause
isc license => ISC
the unlicense|this is free and unencumbered software released into the public domain => Unlicense
gnu affero general public license,? version 3 => ? AGPL-3.0-only AGPL-3.0-or-later
gnu lesser general public license,? version 3 => ? LGPL-3.0-only LGPL-3.0-or-later
gnu lesser general public license,? version 2\.1 => ? LGPL-2.1-only LGPL-2.1-or-later
gnu library general public license,? version 2 => ? LGPL-2.0-only LGPL-2.0-or-later
gnu general public license,? version 3 => ? GPL-3.0-only GPL-3.0-or-later
gnu general public license,? version 2 => ? GPL-2.0-only GPL-2.0-or-later
mozilla public license,? version 2\.0 => MPL-2.0
mozilla public license,? version 1\.1 => MPL-1.1
eclipse public license -? ?v(?:ersion)? ?2\.0 => EPL-2.0
eclipse public license -? ?v(?:ersion)? ?1\.0 => EPL-1.0
python software foundation license,? version 2 => PSF-2.0
boost software license -? ?version 1\.0 => BSL-1.0
cc0 1\.0 universal => CC0-1.0
"""
_TITLE_SPAN = 300  # a title is looked for this far into the text

# Marks of a license body, for texts pasted without a title (numpy's license field is the BSD
# text under a copyright line). The earliest one decides: later parts are often the licenses of
# bundled code.
_MIT_GRANT = "permission is hereby granted, free of charge, to any person obtaining a copy"
_BSD_GRANT = "redistribution and use in source and binary forms, with or without modification, are permitted"
_ISC_GRANT = re.compile(r"permission to use, copy, modify, and(?:/or)? distribute this software for any "
                        r"purpose with or without fee is hereby granted(, provided)?")
_APACHE_NOTICE = "licensed under the apache license, version 2.0"
_GNU_NOTICE = re.compile(r"gnu (lesser |library |affero )?general public license as published by the free "
                         r"software foundation[,;]? (?:either )?version (\d(?:\.\d)?)(?: of the license)?"
                         r"(,? or \(at your option\) any later version)?")

_ABSENT = frozenset({"", "unknown", "none", "null", "n/a", "na", "-"})
_NOISE = frozenset({"the", "license", "licensed", "version", "v", "under"})
_NO_SPECIFIC_LICENSE = "does not say which license"
_OPERATORS = ("AND", "OR", "WITH")
_RAW_LENGTH = 80


class LicenseError(ValueError):
    """A malformed SPDX expression or allowed-licenses entry; `reason` omits the expression."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


@dataclass(frozen=True)
class Term:
    """One license and its optional exception: `GPL-2.0-or-later WITH Classpath-exception-2.0`."""

    license: str
    exception: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.license} WITH {self.exception}" if self.exception else self.license


@dataclass(frozen=True)
class Compound:
    """Two or more parts joined by "AND" (all apply) or "OR" (the user picks one)."""

    operator: str
    parts: tuple[Expression, ...]

    def __str__(self) -> str:
        def show(part: Expression) -> str:
            nested_or = isinstance(part, Compound) and part.operator == "OR" and self.operator == "AND"
            return f"({part})" if nested_or else str(part)

        return f" {self.operator} ".join(show(part) for part in self.parts)


Expression = Union[Term, Compound]


@dataclass(frozen=True)
class DeclaredLicense:
    """What a release says about its license, read from the most precise field that names one."""

    expression: Optional[str]  # normalized SPDX expression; None when vague or nothing usable
    source: str  # "license_expression" | "license" | "classifiers" | "" (nothing declared)
    raw: str  # the text it was read from, shortened for messages
    candidates: tuple[str, ...] = ()  # a vague declaration: the expressions it may mean
    note: str = ""  # when expression is None: why, as a sentence for the finding


@dataclass(frozen=True)
class Verdict:
    """evaluate()'s answer; `detail` is a sentence for the finding."""

    outcome: str  # "allowed" | "not-allowed" | "unknown"
    detail: str


# -- SPDX expressions ------------------------------------------------------------------------

class _Ids(NamedTuple):
    licenses: dict[str, str]  # lowercased id, current or deprecated -> current canonical id
    canonical: frozenset[str]
    exceptions: dict[str, str]  # lowercased -> canonical
    canonical_exceptions: frozenset[str]


@cache
def _ids() -> _Ids:
    canonical = frozenset(_LICENSE_IDS.split())
    licenses = {name.lower(): name for name in canonical}
    for name in canonical:
        if name.endswith("-only"):  # GPL-2.0 (deprecated) is GPL-2.0-only
            licenses[name[: -len("-only")].lower()] = name
    licenses.update((old.lower(), new) for old, new in _RENAMED.items())
    exceptions = frozenset(_EXCEPTION_IDS.split())
    return _Ids(licenses, canonical, {name.lower(): name for name in exceptions}, exceptions)


class _Names(NamedTuple):
    names: dict[str, _Reading]  # _key(name) -> what it says
    titles: tuple[tuple[re.Pattern[str], _Reading], ...]


@cache
def _names() -> _Names:
    names = {}
    for line in _NAMES.strip().splitlines():
        name, result = (part.strip() for part in line.split("|"))
        names[_key(name)] = _reading(result)
    titles = []
    for line in _TEXT_TITLES.strip().splitlines():
        pattern, result = (part.strip() for part in line.split("=>"))
        titles.append((re.compile(pattern), _reading(result)))
    return _Names(names, tuple(titles))


def _reading(result: str) -> _Reading:
    """A table result: an expression, "? A B" (one of them) or "- why" (no license)."""
    if result.startswith("- "):
        return _Reading(reason=result[2:])
    if result.startswith("? "):
        return _vague(tuple(normalize(name) for name in result[2:].split()))
    return _Reading(normalize(result))


_TOKEN = re.compile(r"\s*(?:([()])|([A-Za-z0-9.:+-]+)|(\S))")
_IDSTRING = re.compile(r"[A-Za-z0-9.-]+")
_REF = re.compile(r"(?:DocumentRef-([A-Za-z0-9.-]+):)?LicenseRef-([A-Za-z0-9.-]+)", re.IGNORECASE)


class _Parser:
    """Recursive descent over the SPDX grammar: OR binds loosest, then AND, then WITH."""

    def __init__(self, text: str):
        self.text = text
        self.tokens: list[tuple[str, int]] = []  # (token, 1-based column)
        for match in _TOKEN.finditer(text):
            if match.group(3):
                self.fail(f"unexpected {match.group(3)!r} at column {match.start(3) + 1}")
            group = 1 if match.group(1) else 2
            self.tokens.append((match.group(group), match.start(group) + 1))
        self.index = 0

    def fail(self, reason: str):
        raise LicenseError(f"{reason} in license expression {self.text!r}", reason)

    def parse(self) -> Expression:
        if not self.tokens:
            self.fail("no license")
        tree = self.any_of()
        if self.index < len(self.tokens):
            token, column = self.tokens[self.index]
            if token == ")":
                self.fail(f"unmatched ')' at column {column}")
            self.fail(f"expected AND or OR before {token!r} at column {column}")
        return tree

    def any_of(self) -> Expression:
        parts = [self.all_of()]
        while self.accept("OR"):
            parts.append(self.all_of())
        return _join("OR", parts)

    def all_of(self) -> Expression:
        parts = [self.single()]
        while self.accept("AND"):
            parts.append(self.single())
        return _join("AND", parts)

    def single(self) -> Expression:
        token, column = self.next("a license")
        if token == "(":
            inner = self.any_of()
            if not self.accept(")"):
                self.fail(f"'(' at column {column} is not closed")
            if self.peek() == "WITH":
                self.fail("WITH applies to one license, not to a parenthesised expression")
            return inner
        if token == ")" or token.upper() in _OPERATORS:
            self.fail(f"expected a license before {token!r} at column {column}")
        license = _license_id(token)
        if license is None:
            self.fail(f"{token!r} at column {column} is not a license identifier")
        exception = None
        if self.accept("WITH"):
            token, column = self.next("an exception after WITH")
            exception = _exception_id(token)
            if exception is None:
                self.fail(f"expected an exception identifier after WITH, found {token!r} at column {column}")
        return Term(license, exception)

    def peek(self) -> str | None:
        return self.tokens[self.index][0].upper() if self.index < len(self.tokens) else None

    def accept(self, token: str) -> bool:
        if self.peek() == token:
            self.index += 1
            return True
        return False

    def next(self, what: str) -> tuple[str, int]:
        if self.index == len(self.tokens):
            self.fail(f"expected {what} at the end")
        self.index += 1
        return self.tokens[self.index - 1]


def _join(operator: str, parts: list[Expression]) -> Expression:
    """One part as itself; nested parts with the same operator flattened (both are associative)."""
    if len(parts) == 1:
        return parts[0]
    flat: list[Expression] = []
    for part in parts:
        same = isinstance(part, Compound) and part.operator == operator
        flat.extend(part.parts if same else [part])
    return Compound(operator, tuple(flat))


def _license_id(token: str) -> str | None:
    """The canonical id; `X+` and deprecated bare GNU ids become -or-later / -only."""
    ref = _REF.fullmatch(token)
    if ref:
        document, name = ref.groups()
        return (f"DocumentRef-{document}:" if document else "") + f"LicenseRef-{name}"
    later = token.endswith("+")
    base = token[:-1] if later else token
    if not _IDSTRING.fullmatch(base):
        return None
    known = _ids().licenses.get(base.lower())
    if known is None:
        return token  # not in the bundled list: kept as written
    if not later or known.endswith("-or-later"):
        return known
    if known.endswith("-only"):
        return known[: -len("-only")] + "-or-later"
    return known + "+"


def _exception_id(token: str) -> str | None:
    if not _IDSTRING.fullmatch(token):
        return None
    return _ids().exceptions.get(token.lower(), token)


def parse(expression: str) -> Expression:
    """The expression tree of an SPDX license expression; LicenseError when malformed."""
    return _Parser(expression).parse()


def normalize(expression: str) -> str:
    """`mit or (apache-2.0)` -> `MIT OR Apache-2.0`: canonical ids, operators and parentheses."""
    return str(parse(expression))


def _terms(tree: Expression) -> Iterator[Term]:
    if isinstance(tree, Term):
        yield tree
    else:
        for part in tree.parts:
            yield from _terms(part)


def _is_known(tree: Expression) -> bool:
    """Every license and exception is a bundled SPDX id or a LicenseRef."""
    ids = _ids()
    for term in _terms(tree):
        if "LicenseRef-" not in term.license and term.license.rstrip("+") not in ids.canonical:
            return False
        if term.exception is not None and term.exception not in ids.canonical_exceptions:
            return False
    return True


# -- reading a release's metadata ------------------------------------------------------------

class _Reading(NamedTuple):
    """What one piece of metadata says: an expression, candidates (vague), or why neither."""

    expression: Optional[str] = None
    candidates: tuple[str, ...] = ()
    reason: str = ""


def _vague(candidates: tuple[str, ...], reason: str = "") -> _Reading:
    if not reason:
        if len(candidates) == 2:
            reason = f"does not say whether it is {candidates[0]} or {candidates[1]}"
        else:
            family = _common_prefix(candidates).split("-")[0]
            reason = f"does not say which {family} license it is" if family else "does not say which license it is"
    return _Reading(candidates=candidates, reason=reason)


def _common_prefix(texts: tuple[str, ...]) -> str:
    prefix = min(texts, default="")
    for text in texts:
        while not text.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


def _key(text: str, drop_parens: bool = False) -> str:
    """A license name folded so that its common spellings compare equal."""
    text = text.lower().replace("licence", "license")
    if drop_parens:  # "GNU General Public License v3 (GPLv3)", "ISC License (ISCL)"
        bare = re.sub(r"\([^)]*\)", " ", text)
        text = bare if bare.strip() else text
    text = re.sub(r"\bor (?:any )?(?:later|newer)\b", "+", text).replace("+", " + ")
    text = re.sub(r"[^a-z0-9.+]+", " ", text)
    text = re.sub(r"(?<=[a-z])v?(?=\d)", " ", text)  # gplv3 -> gpl 3, apache2 -> apache 2
    text = re.sub(r"\b(\d+)\.0\b", r"\1", text)  # 2.0 -> 2
    words = (word.strip(".") for word in text.split())
    return " ".join(word for word in words if word and word not in _NOISE)


def _read_name(text: str) -> _Reading | None:
    """A license name or expression (a license field, a classifier's last part), if known."""
    try:
        tree = parse(text)
    except LicenseError:
        tree = None
    if tree is not None and _is_known(tree):
        return _Reading(str(tree))
    names = _names().names
    for key in (_key(text), _key(text, drop_parens=True)):
        if key in names:
            return names[key]
    gnu = _GNU_NAME.fullmatch(_key(text, drop_parens=True))
    if gnu is None:
        return None
    family = "AGPL" if gnu["a"] else "LGPL" if gnu["l"] else "GPL"
    if gnu["version"] is None:
        return _vague(tuple(f"{family}-{version}-{suffix}" for version in _GNU_VERSIONS[family]
                            for suffix in ("only", "or-later")))
    version = gnu["version"] if "." in gnu["version"] else gnu["version"] + ".0"
    if f"{family}-{version}-only" not in _ids().canonical:
        return None  # GPL 2.1, LGPL 1
    return _Reading(f"{family}-{version}-{'or-later' if gnu['later'] else 'only'}")


def _read_alternatives(text: str) -> _Reading | None:
    """"MIT or Apache 2.0", "Apache-2.0/MIT": alternatives that are each a known name."""
    pieces = re.split(r"\s+or\s+(?!(?:any\s+)?(?:later|newer)\b)|\s*/\s*", text, flags=re.IGNORECASE)
    if len(pieces) < 2:
        return None
    readings = [_read_name(piece) for piece in pieces]
    if any(reading is None or not (reading.expression or reading.candidates) for reading in readings):
        return None
    return _any_of(readings)


def _any_of(readings: list[_Reading]) -> _Reading:
    """Alternatives joined by OR; vague ones make every combination a candidate."""
    precise = list(dict.fromkeys(reading.expression for reading in readings if reading.expression))
    vague = [reading for reading in readings if reading.candidates]

    def either(expressions) -> str:
        return normalize(" OR ".join(f"({expression})" for expression in expressions))

    if not vague:
        return _Reading(either(precise))
    combinations = itertools.product(*(reading.candidates for reading in vague))
    candidates = tuple(dict.fromkeys(either(precise + list(combination)) for combination in combinations))
    return _Reading(candidates=candidates, reason=vague[0].reason)


def _read_text(text: str) -> _Reading | None:
    """A pasted license text: by its title, else by the earliest license body it contains."""
    flat = " ".join(text.lower().split())
    for pattern, reading in _names().titles:
        if pattern.search(flat[:_TITLE_SPAN]):
            return reading
    found: list[tuple[int, _Reading]] = []
    start = flat.find(_MIT_GRANT)
    if start >= 0:
        body = flat[start: flat.find("the software is provided", start)]
        attribution = "the above copyright notice and this permission notice shall be included" in body
        found.append((start, _Reading("MIT" if attribution else "MIT-0")))
    start = flat.find(_BSD_GRANT)
    if start >= 0:
        body = flat[start: flat.find("this software is provided", start)]
        if "all advertising materials" in body:
            found.append((start, _Reading("BSD-4-Clause")))
        elif "neither the name" in body or "be used to endorse or promote" in body:
            found.append((start, _Reading("BSD-3-Clause")))
        else:
            found.append((start, _Reading("BSD-2-Clause")))
    isc = _ISC_GRANT.search(flat)
    if isc:
        found.append((isc.start(), _Reading("ISC" if isc.group(1) else "0BSD")))
    start = flat.find(_APACHE_NOTICE)
    if start >= 0:
        found.append((start, _Reading("Apache-2.0")))
    gnu = _GNU_NOTICE.search(flat)
    if gnu:
        family = {"lesser ": "LGPL", "library ": "LGPL", "affero ": "AGPL"}.get(gnu.group(1) or "", "GPL")
        version = gnu.group(2) if "." in gnu.group(2) else gnu.group(2) + ".0"
        if f"{family}-{version}-only" in _ids().canonical:
            found.append((gnu.start(), _Reading(f"{family}-{version}-{'or-later' if gnu.group(3) else 'only'}")))
    return min(found, key=lambda item: item[0])[1] if found else None


def _read_license_field(text: str) -> _Reading:
    if "\n" not in text and len(text) <= 200:
        reading = _read_name(text) or _read_alternatives(text) or _read_text(text)
        return reading or _Reading(reason="does not name a license stagewarden recognises")
    return _read_text(text) or _Reading(reason="is not a license text stagewarden recognises")


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _RAW_LENGTH else flat[: _RAW_LENGTH - 3].rstrip() + "..."


def license_of(info: Mapping[str, Any]) -> DeclaredLicense:
    """The license a release declares, from a PyPI JSON API `info` object.

    license_expression when valid, else the license field when it names a license, else the
    License classifiers (several mean the author offers any of them: OR). When none names one
    precisely, the most useful explanation: a vague name (with its candidates) first.
    """
    fallbacks: list[tuple[int, DeclaredLicense]] = []  # (rank, declaration): lowest rank wins

    value = info.get("license_expression")
    if isinstance(value, str) and value.strip():
        try:
            return DeclaredLicense(normalize(value), "license_expression", _shorten(value))
        except LicenseError as error:
            note = f"license_expression {_shorten(value)!r} is not valid SPDX: {error.reason}"
            fallbacks.append((1, DeclaredLicense(None, "license_expression", _shorten(value), note=note)))

    value = info.get("license")
    field = value.strip() if isinstance(value, str) else ""
    if field.lower() not in _ABSENT:
        reading = _read_license_field(field)
        if reading.expression:
            return DeclaredLicense(reading.expression, "license", _shorten(field))
        noun = "the license field" if "\n" not in field and len(field) <= 200 else "the license text"
        note = f"{noun} {_shorten(field)!r}, which {reading.reason}"
        rank = 0 if reading.candidates else 3 if reading.reason.endswith("recognises") else 2
        fallbacks.append((rank, DeclaredLicense(None, "license", _shorten(field), reading.candidates, note)))

    classifiers = [item.strip() for item in info.get("classifiers") or () if isinstance(item, str)]
    classifiers = [item for item in classifiers if item.startswith("License ::")]
    if classifiers:
        raw = _shorten("; ".join(classifiers))
        readings = [(item, _read_name(item.split("::")[-1].strip())) for item in classifiers]
        naming = [(item, reading) for item, reading in readings if reading and (reading.expression or reading.candidates)]
        if naming:
            combined = _any_of([reading for _, reading in naming])
            if combined.expression:
                return DeclaredLicense(combined.expression, "classifiers", raw)
            vague = next(item for item, reading in naming if reading.candidates)
            note = f"the classifier {vague!r}, which {combined.reason}"
            fallbacks.append((0, DeclaredLicense(None, "classifiers", raw, combined.candidates, note)))
        else:
            # "OSI Approved" next to "Other/Proprietary License": the specific one explains more
            explained = sorted(((reading.reason == _NO_SPECIFIC_LICENSE, item, reading.reason)
                                for item, reading in readings if reading is not None), key=lambda entry: entry[0])
            _, item, reason = explained[0] if explained else (
                False, classifiers[0], "does not name a license stagewarden recognises")
            note = f"the classifier {item!r}, which {reason}"
            fallbacks.append((2 if explained else 3, DeclaredLicense(None, "classifiers", raw, note=note)))

    if fallbacks:
        return min(fallbacks, key=lambda pair: pair[0])[1]
    note = "the package declares no license" + (f" (its license field says {field!r})" if field else "")
    return DeclaredLicense(None, "", _shorten(field), note=note)


# -- the policy ------------------------------------------------------------------------------

def parse_allowed(strings: Iterable[str]) -> frozenset[str]:
    """The allowed terms (`MIT`, `GPL-2.0-or-later WITH Classpath-exception-2.0`) of allowed-licenses.

    Each entry is an id or an OR-expression; its terms are flattened into one set. AND has no
    meaning in an allow-list, and a license name that is not an SPDX id ("Apache 2.0", "BSD")
    would silently match nothing, so both are errors that say what to write instead.
    """
    if isinstance(strings, str):
        raise LicenseError(f"allowed-licenses must be a list of SPDX expressions, not one string ({strings!r})")
    allowed: set[str] = set()
    for entry in strings:
        if not isinstance(entry, str):
            raise LicenseError(f"allowed-licenses entry {entry!r} is not a string")
        try:
            tree = parse(entry)
        except LicenseError as error:
            raise LicenseError(f"allowed-licenses entry {entry!r}: {error.reason}{_suggestion(entry)}") from None
        if any(isinstance(node, Compound) and node.operator == "AND" for node in _nodes(tree)):
            raise LicenseError(f"allowed-licenses entry {entry!r}: AND has no meaning in a list of allowed "
                               f"licenses; list each license on its own, or join alternatives with OR")
        for term in _terms(tree):
            if "LicenseRef-" not in term.license and term.license.rstrip("+") not in _ids().canonical:
                suggestion = _suggestion(term.license)
                if suggestion:
                    raise LicenseError(f"allowed-licenses entry {entry!r}: {term.license!r} is not an SPDX "
                                       f"license identifier{suggestion}")
            allowed.add(str(term))
    return frozenset(allowed)


def _nodes(tree: Expression) -> Iterator[Expression]:
    yield tree
    if isinstance(tree, Compound):
        for part in tree.parts:
            yield from _nodes(part)


def _suggestion(name: str) -> str:
    """"; did you mean 'Apache-2.0'?" for a license name that is not an SPDX expression."""
    reading = _read_name(name)
    if reading is None:
        return ""
    if reading.expression:
        return f"; did you mean {reading.expression!r}?"
    if reading.candidates:
        return f"; name the licenses it may mean: {', '.join(reading.candidates)}"
    return ""


def evaluate(declared: DeclaredLicense, allowed: Iterable[str]) -> Verdict:
    """Whether the declared license is allowed: OR needs one allowed branch, AND all of them;
    `X WITH exc` is allowed when `X WITH exc` or `X` is; a vague license when all it may mean are.

    An empty allowed-licenses is no policy: everything is allowed.
    """
    keys = {term.lower() for term in parse_allowed(allowed)}
    if not keys:
        return Verdict("allowed", "no policy")
    if declared.expression is not None:
        blocking = _blocking(parse(declared.expression), keys)
        if not blocking:
            return Verdict("allowed", f"{declared.expression} is in allowed-licenses")
        names = [str(term) for term in blocking]
        detail = f"{_and(names)} {'is' if len(names) == 1 else 'are'} not in allowed-licenses"
        if declared.source != "license_expression" and declared.raw not in names:
            detail += f" (read from {'the classifiers' if declared.source == 'classifiers' else 'the license field'} "
            detail += f"{declared.raw!r})"
        return Verdict("not-allowed", detail)
    if declared.candidates:
        trees = [parse(candidate) for candidate in declared.candidates]
        varying = _varying_terms(trees)
        if all(not _blocking(tree, keys) for tree in trees):
            return Verdict("allowed", f"each license it may mean is in allowed-licenses ({', '.join(varying)})")
        needs = _and(varying) if len(varying) != 2 else f"both {varying[0]} and {varying[1]}"
        if len(varying) > 2:
            needs = f"all of {needs}"
        return Verdict("unknown", f"{declared.note}; allowed-licenses needs to name {needs}, or vet the package")
    return Verdict("unknown", declared.note or "the package declares no license")


def _blocking(tree: Expression, keys: set[str]) -> list[Term]:
    """The terms that keep `tree` from being allowed (none when it is allowed)."""
    if isinstance(tree, Term):
        ok = str(tree).lower() in keys or (tree.exception is not None and tree.license.lower() in keys)
        return [] if ok else [tree]
    results = [_blocking(part, keys) for part in tree.parts]
    if tree.operator == "OR" and not all(results):
        return []
    return list(dict.fromkeys(term for result in results for term in result))


def _varying_terms(trees: list[Expression]) -> list[str]:
    """The terms that differ between the candidates (those a vague name leaves open)."""
    per_tree = [{str(term) for term in _terms(tree)} for tree in trees]
    common = set.intersection(*per_tree)
    ordered = dict.fromkeys(str(term) for tree in trees for term in _terms(tree))
    return [term for term in ordered if term not in common] or list(ordered)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


__all__ = ["Compound", "DeclaredLicense", "Expression", "LicenseError", "Term", "Verdict", "evaluate",
           "license_of", "normalize", "parse", "parse_allowed"]
