"""SPDX parsing, reading PyPI license metadata, and the allowed-licenses verdict (SW405)."""

from __future__ import annotations

import pytest

from stagewarden.licenses import (
    Compound,
    DeclaredLicense,
    LicenseError,
    Term,
    Verdict,
    evaluate,
    license_of,
    normalize,
    parse,
    parse_allowed,
)

# -- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("expression, expected", [
    ("MIT", "MIT"),
    ("mit", "MIT"),
    ("apache-2.0 or mit", "Apache-2.0 OR MIT"),
    ("MIT OR Apache-2.0 AND BSD-3-Clause", "MIT OR Apache-2.0 AND BSD-3-Clause"),
    ("(MIT OR Apache-2.0) AND BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause"),
    ("((MIT))", "MIT"),
    ("MIT AND (BSD-2-Clause AND ISC)", "MIT AND BSD-2-Clause AND ISC"),
    ("  MIT   or\tISC ", "MIT OR ISC"),
    ("GPL-2.0+", "GPL-2.0-or-later"),
    ("GPL-2.0", "GPL-2.0-only"),
    ("LGPL-2.1", "LGPL-2.1-only"),
    ("lgpl-2.1+", "LGPL-2.1-or-later"),
    ("GPL-3.0-or-later", "GPL-3.0-or-later"),
    ("Apache-2.0+", "Apache-2.0+"),
    ("BSD-2-Clause-FreeBSD", "BSD-2-Clause-Views"),
    ("gpl-2.0-only with classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"),
    ("licenseref-internal", "LicenseRef-internal"),
    ("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2"),
    ("Foo-1.0 OR mit", "Foo-1.0 OR MIT"),  # an id not in the bundled list is kept as written
])
def test_normalize(expression, expected):
    assert normalize(expression) == expected


def test_and_binds_tighter_than_or_and_with_tighter_than_and():
    assert parse("MIT OR Apache-2.0 WITH LLVM-exception AND ISC") == Compound("OR", (
        Term("MIT"),
        Compound("AND", (Term("Apache-2.0", "LLVM-exception"), Term("ISC"))),
    ))
    assert parse("(MIT OR ISC) AND Zlib") == Compound("AND", (Compound("OR", (Term("MIT"), Term("ISC"))), Term("Zlib")))


@pytest.mark.parametrize("expression, message", [
    ("", "no license"),
    ("   ", "no license"),
    ("MIT OR", "expected a license at the end"),
    ("OR MIT", "expected a license before 'OR' at column 1"),
    ("MIT AND AND ISC", "expected a license before 'AND' at column 9"),
    ("MIT Apache-2.0", "expected AND or OR before 'Apache-2.0' at column 5"),
    ("MIT License", "expected AND or OR before 'License'"),
    ("(MIT OR ISC", "'(' at column 1 is not closed"),
    ("MIT)", "unmatched ')' at column 4"),
    ("()", "expected a license before ')'"),
    ("MIT WITH", "expected an exception after WITH at the end"),
    ("GPL-2.0-only WITH (LLVM-exception)", "expected an exception identifier after WITH"),
    ("(MIT OR ISC) WITH LLVM-exception", "WITH applies to one license"),
    ("MIT, ISC", "unexpected ',' at column 4"),
    ("MIT/Apache-2.0", "unexpected '/'"),
    ("MIT++", "'MIT++' at column 1 is not a license identifier"),
])
def test_malformed_expressions_say_what_is_wrong(expression, message):
    with pytest.raises(LicenseError) as raised:
        parse(expression)
    assert message in str(raised.value)
    assert repr(expression) in str(raised.value)
    assert isinstance(raised.value, ValueError)


# -- license_of ------------------------------------------------------------------------------

_NUMPY_STYLE = """Copyright (c) 2005-2023, NumPy Developers.
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are
met:

    * Redistributions of source code must retain the above copyright
       notice, this list of conditions and the following disclaimer.

    * Redistributions in binary form must reproduce the above
       copyright notice, this list of conditions and the following
       disclaimer in the documentation and/or other materials provided
       with the distribution.

    * Neither the name of the NumPy Developers nor the names of any
       contributors may be used to endorse or promote products derived
       from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
"AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES ... ARE DISCLAIMED.

----

This binary distribution of NumPy also bundles the following software:

Name: GCC runtime library
License: GPL-3.0-with-GCC-exception
  Libgfortran is free software; you can redistribute it and/or modify
  it under the terms of the GNU General Public License as published by
  the Free Software Foundation; either version 3, or (at your option)
  any later version.
"""

_MIT_TEXT = """MIT License

Copyright (c) 2018 Some One

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction...

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
"""

_UNTITLED_MIT_TEXT = _MIT_TEXT.split("\n", 2)[2]

_BSD2_TEXT = _NUMPY_STYLE.split("    * Neither")[0] + "THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS"

_APACHE_TEXT = """
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION
"""

_GPL3_TEXT = """                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 Everyone is permitted to copy and distribute verbatim copies
"""

_MPL2_TEXT = "Mozilla Public License Version 2.0\n==================================\n\n1. Definitions\n"

_GPL2_NOTICE = """This program is free software; you can redistribute it and/or modify
it under the terms of the GNU General Public License as published by
the Free Software Foundation; either version 2 of the License, or
(at your option) any later version."""

_REQUESTS_CLASSIFIERS = [
    "Development Status :: 5 - Production/Stable",
    "Intended Audience :: Developers",
    "License :: OSI Approved :: Apache Software License",
    "Programming Language :: Python :: 3",
]


def info(license=None, classifiers=(), license_expression=None):
    """A PyPI JSON API `info` object, with the keys SW405 reads."""
    return {"name": "example", "version": "1.0", "license": license, "license_expression": license_expression,
            "classifiers": list(classifiers), "summary": "An example"}


@pytest.mark.parametrize("metadata, expression, source", [
    # requests 2.32: license "Apache-2.0" and the Apache classifier
    (info("Apache-2.0", _REQUESTS_CLASSIFIERS), "Apache-2.0", "license"),
    # requests 2.2x: "Apache 2.0"
    (info("Apache 2.0", _REQUESTS_CLASSIFIERS), "Apache-2.0", "license"),
    # the classifier alone
    (info("", _REQUESTS_CLASSIFIERS), "Apache-2.0", "classifiers"),
    (info(None, ["License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)"]),
     "GPL-3.0-or-later", "classifiers"),
    (info("UNKNOWN", ["License :: OSI Approved", "License :: OSI Approved :: MIT License"]), "MIT", "classifiers"),
    (info("", ["License :: Public Domain"]), "LicenseRef-Public-Domain", "classifiers"),
    # two license classifiers: the author offers either
    (info("", ["License :: OSI Approved :: MIT License", "License :: OSI Approved :: Apache Software License"]),
     "MIT OR Apache-2.0", "classifiers"),
    # license_expression wins over everything else
    (info("BSD", ["License :: OSI Approved :: BSD License"], license_expression="mit or apache-2.0"),
     "MIT OR Apache-2.0", "license_expression"),
    # a malformed license_expression is passed over
    (info("MIT", license_expression="MIT OR"), "MIT", "license"),
    # the license field wins over the classifiers when it is precise
    (info("GPLv2+", ["License :: OSI Approved :: GNU General Public License (GPL)"]), "GPL-2.0-or-later", "license"),
    # a vague license field gives way to a precise classifier
    (info("GPL", ["License :: OSI Approved :: GNU General Public License v3 (GPLv3)"]), "GPL-3.0-only", "classifiers"),
    # pasted license texts
    (info(_NUMPY_STYLE, ["License :: OSI Approved :: BSD License"]), "BSD-3-Clause", "license"),
    (info(_BSD2_TEXT), "BSD-2-Clause", "license"),
    (info(_MIT_TEXT), "MIT", "license"),
    (info(_UNTITLED_MIT_TEXT), "MIT", "license"),
    (info(_APACHE_TEXT), "Apache-2.0", "license"),
    (info(_MPL2_TEXT), "MPL-2.0", "license"),
    (info(_GPL2_NOTICE), "GPL-2.0-or-later", "license"),
])
def test_license_of(metadata, expression, source):
    declared = license_of(metadata)
    assert (declared.expression, declared.source, declared.candidates) == (expression, source, ())


@pytest.mark.parametrize("text, expression", [
    ("MIT License", "MIT"),
    ("The MIT License (MIT)", "MIT"),
    ("Apache License, Version 2.0", "Apache-2.0"),
    ("Apache Software License", "Apache-2.0"),
    ("BSD 3-Clause", "BSD-3-Clause"),
    ("BSD (3-clause)", "BSD-3-Clause"),
    ("New BSD License", "BSD-3-Clause"),
    ("GPLv3+", "GPL-3.0-or-later"),
    ("GPL v2", "GPL-2.0-only"),
    ("GNU GPLv2 or later", "GPL-2.0-or-later"),
    ("LGPL-2.1-or-later", "LGPL-2.1-or-later"),
    ("LGPLv2.1+", "LGPL-2.1-or-later"),
    ("GNU AGPLv3", "AGPL-3.0-only"),
    ("PSF", "PSF-2.0"),
    ("Python Software Foundation License", "PSF-2.0"),
    ("MPL 2.0", "MPL-2.0"),
    ("ISC License (ISCL)", "ISC"),
    ("MIT or Apache 2.0", "MIT OR Apache-2.0"),
    ("Apache-2.0/MIT", "Apache-2.0 OR MIT"),
    ("MIT AND (Apache-2.0 OR BSD-2-Clause)", "MIT AND (Apache-2.0 OR BSD-2-Clause)"),
])
def test_license_field_spellings(text, expression):
    assert license_of(info(text)).expression == expression


@pytest.mark.parametrize("classifier, expression", [
    ("License :: OSI Approved :: GNU General Public License v2 (GPLv2)", "GPL-2.0-only"),
    ("License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)", "LGPL-3.0-or-later"),
    ("License :: OSI Approved :: GNU Affero General Public License v3", "AGPL-3.0-only"),
    ("License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
    ("License :: OSI Approved :: Python License (CNRI Python License)", "CNRI-Python"),
    ("License :: OSI Approved :: Python Software Foundation License", "PSF-2.0"),
    ("License :: OSI Approved :: ISC License (ISCL)", "ISC"),
    ("License :: OSI Approved :: The Unlicense (Unlicense)", "Unlicense"),
    ("License :: OSI Approved :: Zero-Clause BSD (0BSD)", "0BSD"),
    ("License :: OSI Approved :: zlib/libpng License", "Zlib"),
    ("License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)", "EUPL-1.2"),
    ("License :: OSI Approved :: University of Illinois/NCSA Open Source License", "NCSA"),
    ("License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"),
    ("License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)", "BSL-1.0"),
])
def test_classifiers(classifier, expression):
    assert license_of(info(None, [classifier])).expression == expression


@pytest.mark.parametrize("metadata, source, candidates", [
    (info("BSD"), "license", ("BSD-2-Clause", "BSD-3-Clause")),
    (info("UNKNOWN", ["License :: OSI Approved :: BSD License"]), "classifiers", ("BSD-2-Clause", "BSD-3-Clause")),
    (info("", ["License :: OSI Approved :: GNU General Public License (GPL)"]), "classifiers",
     ("GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later")),
    (info(_GPL3_TEXT), "license", ("GPL-3.0-only", "GPL-3.0-or-later")),
    # a vague classifier next to a precise one: every combination is a candidate
    (info("", ["License :: OSI Approved :: MIT License", "License :: OSI Approved :: BSD License"]), "classifiers",
     ("MIT OR BSD-2-Clause", "MIT OR BSD-3-Clause")),
])
def test_vague_declarations_are_not_guessed(metadata, source, candidates):
    declared = license_of(metadata)
    assert (declared.expression, declared.source, declared.candidates) == (None, source, candidates)
    assert "does not say" in declared.note


@pytest.mark.parametrize("metadata, source, note", [
    (info("UNKNOWN"), "", "declares no license"),
    ({}, "", "declares no license"),
    ({"license": None, "classifiers": None, "license_expression": None}, "", "declares no license"),
    (info("see LICENSE"), "license", "'see LICENSE', which does not name a license"),
    (info("Dual License"), "license", "does not say which licenses"),
    (info("Copyright 2020 Acme.\nAll rights reserved, do not copy.\n"), "license", "not a license text"),
    (info("", ["License :: OSI Approved"]), "classifiers", "does not say which license"),
    (info("UNKNOWN", ["License :: OSI Approved", "License :: Other/Proprietary License"]), "classifiers",
     "'License :: Other/Proprietary License', which says it is proprietary"),
    (info(license_expression="MIT Apache-2.0"), "license_expression", "is not valid SPDX: expected AND or OR"),
])
def test_nothing_usable(metadata, source, note):
    declared = license_of(metadata)
    assert (declared.expression, declared.source, declared.candidates) == (None, source, ())
    assert note in declared.note


def test_raw_is_what_it_was_read_from_shortened():
    declared = license_of(info(_NUMPY_STYLE))
    assert declared.raw.startswith("Copyright (c) 2005-2023, NumPy Developers. All rights reserved.")
    assert len(declared.raw) <= 80 and declared.raw.endswith("...")
    assert license_of(info("GPLv3+")).raw == "GPLv3+"


# -- the policy ------------------------------------------------------------------------------

def test_parse_allowed_flattens_and_normalizes():
    allowed = parse_allowed(["mit", "Apache-2.0 OR BSD-3-Clause", "GPL-2.0+",
                             "GPL-2.0 WITH Classpath-exception-2.0", "LicenseRef-Internal"])
    assert allowed == frozenset({"MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-or-later",
                                 "GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-Internal"})


@pytest.mark.parametrize("entries, message", [
    (["MIT", "MIT AND ISC"], "'MIT AND ISC': AND has no meaning"),
    (["MIT License"], "'MIT License': expected AND or OR before 'License' at column 5; did you mean 'MIT'?"),
    (["Apache 2.0"], "did you mean 'Apache-2.0'?"),
    (["Apache"], "'Apache' is not an SPDX license identifier; did you mean 'Apache-2.0'?"),
    (["BSD"], "'BSD' is not an SPDX license identifier; name the licenses it may mean: BSD-2-Clause, BSD-3-Clause"),
    (["(MIT"], "'(MIT': '(' at column 1 is not closed"),
    (["MIT", 3], "entry 3 is not a string"),
    ("MIT", "must be a list"),
])
def test_parse_allowed_rejects_unclear_entries(entries, message):
    with pytest.raises(LicenseError) as raised:
        parse_allowed(entries)
    assert message in str(raised.value)


def declared(expression):
    return DeclaredLicense(normalize(expression), "license_expression", expression)


@pytest.mark.parametrize("expression, allowed, outcome", [
    ("MIT", ["MIT"], "allowed"),
    ("MIT", ["mit"], "allowed"),
    ("MIT", ["Apache-2.0 OR MIT"], "allowed"),
    ("GPL-3.0-or-later", ["MIT", "Apache-2.0"], "not-allowed"),
    ("MIT OR GPL-3.0-only", ["MIT"], "allowed"),
    ("GPL-3.0-only OR MIT", ["MIT"], "allowed"),
    ("MIT AND GPL-3.0-only", ["MIT"], "not-allowed"),
    ("MIT AND BSD-3-Clause", ["MIT", "BSD-3-Clause"], "allowed"),
    ("(MIT OR GPL-3.0-only) AND (ISC OR AGPL-3.0-only)", ["MIT", "ISC"], "allowed"),
    ("(MIT OR GPL-3.0-only) AND AGPL-3.0-only", ["MIT", "ISC"], "not-allowed"),
    ("GPL-2.0-only WITH Classpath-exception-2.0", ["GPL-2.0-only"], "allowed"),
    ("GPL-2.0-only WITH Classpath-exception-2.0", ["GPL-2.0-only WITH Classpath-exception-2.0"], "allowed"),
    ("GPL-2.0-only WITH Classpath-exception-2.0", ["GPL-2.0-only WITH LLVM-exception"], "not-allowed"),
    ("GPL-2.0-only", ["GPL-2.0-only WITH Classpath-exception-2.0"], "not-allowed"),
    ("GPL-2.0-or-later", ["GPL-2.0-only"], "not-allowed"),  # later versions are not assumed
    ("GPL-2.0-only", ["GPL-2.0-or-later"], "not-allowed"),
    ("GPL-2.0+", ["GPL-2.0-or-later"], "allowed"),
    ("GPL-2.0-or-later", ["GPL-2.0+"], "allowed"),
    ("GPL-2.0", ["GPL-2.0-only"], "allowed"),
    ("Foo-1.0", ["foo-1.0"], "allowed"),
])
def test_evaluate_expressions(expression, allowed, outcome):
    assert evaluate(declared(expression), allowed).outcome == outcome


def test_not_allowed_names_the_licenses_that_block():
    verdict = evaluate(declared("MIT AND GPL-3.0-only AND AGPL-3.0-or-later"), ["MIT"])
    assert verdict.outcome == "not-allowed"
    assert verdict.detail == "GPL-3.0-only and AGPL-3.0-or-later are not in allowed-licenses"
    verdict = evaluate(license_of(info("GPLv3+")), ["MIT"])
    assert verdict.detail == "GPL-3.0-or-later is not in allowed-licenses (read from the license field 'GPLv3+')"
    assert evaluate(declared("GPL-3.0-or-later"), ["MIT"]).detail == "GPL-3.0-or-later is not in allowed-licenses"


@pytest.mark.parametrize("metadata, allowed, outcome", [
    (info("BSD"), ["BSD-2-Clause", "BSD-3-Clause"], "allowed"),
    (info("BSD"), ["BSD-3-Clause"], "unknown"),  # never "not-allowed": the policy cannot tell
    (info("BSD"), ["MIT"], "unknown"),
    (info("", ["License :: OSI Approved :: MIT License", "License :: OSI Approved :: BSD License"]), ["MIT"], "allowed"),
    (info("", ["License :: OSI Approved :: MIT License", "License :: OSI Approved :: BSD License"]), ["ISC"], "unknown"),
    (info("UNKNOWN"), ["MIT"], "unknown"),
    (info("", ["License :: Other/Proprietary License"]), ["MIT"], "unknown"),
    (info("Apache-2.0", _REQUESTS_CLASSIFIERS), ["Apache-2.0"], "allowed"),
    (info(_NUMPY_STYLE), ["BSD-3-Clause"], "allowed"),
    (info(_NUMPY_STYLE), ["MIT"], "not-allowed"),
])
def test_evaluate_declarations(metadata, allowed, outcome):
    assert evaluate(license_of(metadata), allowed).outcome == outcome


def test_ambiguity_detail_says_what_the_policy_would_need():
    verdict = evaluate(license_of(info("BSD")), ["BSD-3-Clause"])
    assert verdict.detail == ("the license field 'BSD', which does not say whether it is BSD-2-Clause or BSD-3-Clause; "
                              "allowed-licenses needs to name both BSD-2-Clause and BSD-3-Clause, or vet the package")
    verdict = evaluate(license_of(info("GPL")), ["MIT"])
    assert "needs to name all of GPL-2.0-only, GPL-2.0-or-later, GPL-3.0-only and GPL-3.0-or-later" in verdict.detail


def test_unknown_detail_explains_why():
    assert evaluate(license_of(info("UNKNOWN")), ["MIT"]).detail == (
        "the package declares no license (its license field says 'UNKNOWN')")
    assert "proprietary" in evaluate(license_of(info("", ["License :: Other/Proprietary License"])), ["MIT"]).detail


def test_empty_policy_allows_everything():
    assert evaluate(license_of(info("GPLv3")), []) == Verdict("allowed", "no policy")
    verdict = evaluate(license_of(info("UNKNOWN")), ())
    assert (verdict.outcome, verdict.detail) == ("allowed", "no policy")


def test_evaluate_rejects_a_bad_policy():
    with pytest.raises(LicenseError):
        evaluate(declared("MIT"), ["MIT License"])
