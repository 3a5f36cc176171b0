from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule

# PyJWT decoders: module functions, and the methods of PyJWT()/PyJWS() instances.
_PYJWT_DECODE = frozenset(
    f"{owner}.{method}"
    for owner in ("jwt", "jwt.api_jwt", "jwt.PyJWT()", "jwt.api_jwt.PyJWT()",
                  "jwt.api_jws", "jwt.PyJWS()", "jwt.api_jws.PyJWS()")
    for method in ("decode", "decode_complete")
)
_JOSE_DECODE = frozenset(["jose.jwt.decode"])
_PYJWT_ENCODE = frozenset(
    f"{owner}.encode"
    for owner in ("jwt", "jwt.api_jwt", "jwt.PyJWT()", "jwt.api_jwt.PyJWT()", "jwt.api_jws", "jwt.PyJWS()", "jwt.api_jws.PyJWS()")
)
# PyJWT()/PyJWS() take default options for every decode; the position of `options`.
_PYJWT_CONSTRUCTORS = {"jwt.PyJWT": 0, "jwt.api_jwt.PyJWT": 0, "jwt.PyJWS": 1, "jwt.api_jws.PyJWS": 1}

_ALL = frozenset([*_PYJWT_DECODE, *_JOSE_DECODE, *_PYJWT_ENCODE, *_PYJWT_CONSTRUCTORS])

_MAX_DEPTH = 4


class JwtVerificationDisabled(PythonRule):
    """
    ## What it does
    Finds JSON Web Tokens decoded without checking their signature, and tokens made without one:

    - PyJWT `jwt.decode(token, ..., options={"verify_signature": False})`, also through a
      constant, `dict(...)`, `**{...}`, `jwt.decode_complete`, `jwt.PyJWT().decode` /
      `jwt.api_jwt.decode` / `PyJWS`, and options given to the `PyJWT(options=...)` constructor;
    - PyJWT 1.x `jwt.decode(token, verify=False)`;
    - an `algorithms` list that accepts `"none"` (any case);
    - `jwt.encode(payload, key, algorithm="none")` or `algorithm=None`: an unsigned token;
    - python-jose `jose.jwt.decode(..., options={"verify_signature": False})`.

    `options={"verify_exp": False}` is reported with medium severity: the signature is checked
    but expired tokens are accepted. `jwt.get_unverified_header()` is not reported: reading the
    `kid` to pick the verification key is the normal way to use it. authlib and jwcrypto are
    out of scope.

    ## Why is this bad?
    A JWT is only as trustworthy as its signature. Without verification anyone can write a
    token with any claims (`"sub": "admin"`) and the application will believe it; accepting the
    `none` algorithm lets an attacker strip the signature off a real token. Skipping the expiry
    check keeps stolen tokens valid forever.

    ## Example
    ```python
    import jwt

    claims = jwt.decode(token, options={"verify_signature": False})
    ```

    ## Use instead
    ```python
    import jwt

    claims = jwt.decode(token, public_key, algorithms=["RS256"], audience="my-api")
    # to choose the key first: jwt.get_unverified_header(token)["kid"]
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: verifying needs the right key and algorithm list, which only the
    author knows.

    ## References
    - [CWE-347: Improper Verification of Cryptographic Signature](https://cwe.mitre.org/data/definitions/347.html)
    - [PyJWT: API reference (decode options)](https://pyjwt.readthedocs.io/en/stable/api.html)
    - [PyJWT: reading headers without validation](https://pyjwt.readthedocs.io/en/stable/usage.html#reading-headers-without-validation)
    - [python-jose: JWT API](https://python-jose.readthedocs.io/en/latest/jwt/api.html)
    - [Critical vulnerabilities in JSON Web Token libraries (alg: none)](https://auth0.com/blog/critical-vulnerabilities-in-json-web-token-libraries/)
    """

    id = "SW133"
    name = "jwt-verification-disabled"
    summary = "JWT signature not verified, or unsigned JWT"
    hint = 'pass the key and an explicit algorithms list (e.g. algorithms=["RS256"]) and keep verify_signature on'
    severity = HIGH
    confidence = HIGH
    cwe = (347,)
    tags = ("jwt", "auth", "crypto")
    triggers = ("jwt",)

    VALID = [
        "import jwt\nclaims = jwt.decode(token, key, algorithms=['HS256'])\n",
        "import jwt\nkid = jwt.get_unverified_header(token)['kid']\n",
        "import jwt\nclaims = jwt.decode(token, key, algorithms=['RS256'], options={'verify_signature': True, 'require': ['exp']})\n",
        "import jwt\ntoken = jwt.encode(payload, key, algorithm='HS256')\n",
        # Options and algorithms chosen at run time: cannot tell.
        "import jwt\ndef read(token, key, opts, algs):\n    return jwt.decode(token, key, algorithms=algs, options=opts)\n",
        # A later key overrides an earlier one.
        "import jwt\nclaims = jwt.decode(token, key, algorithms=['HS256'], options={**BASE, 'verify_signature': False, 'verify_signature': True})\n",
        # Same method names on unrelated objects and libraries.
        "import jwt\ndata = serializer.decode(token, verify=False)\npayload = codec.decode(token, options={'verify_signature': False})\n",
        "from authlib.jose import jwt\nclaims = jwt.decode(token, key)\n",
        "import jwt\ndef decode(token, options):\n    return token\ndecode(t, options={'verify_signature': False})\n",
        "from jose import jwt\nclaims = jwt.decode(token, key, algorithms=['HS256'])\n",
    ]
    INVALID = [
        Invalid("import jwt\nclaims = jwt.decode(token, options={'verify_signature': False})\n", 2),
        Invalid("import jwt as pyjwt\nclaims = pyjwt.decode(token, key, options=dict(verify_signature=False))\n", 2),
        Invalid("from jwt import decode as jwt_decode\nclaims = jwt_decode(token, key, algorithms=['HS256', 'none'])\n", 2),
        Invalid("from jwt import *\nclaims = decode(token, key, algorithms=['NONE'])\n", 2),
        Invalid("import jwt\nOPTIONS = {'verify_signature': False}\n\ndef read(token):\n    return jwt.decode(token, options=OPTIONS)\n", 5),
        Invalid("import jwt\nBASE = {'verify_exp': False}\nALGS = ('HS256', 'none')\nclaims = jwt.decode(token, key, ALGS, {**BASE, 'require': ['exp']})\n", 4, 4),
        Invalid("import jwt\nclaims = jwt.decode(token, key, **{'options': {'verify_signature': False}})\n", 2),
        Invalid("import jwt\ndecoder = jwt.PyJWT()\nclaims = decoder.decode(token, key, algorithms=['HS256'], options={'verify_exp': False})\n", 3),
        Invalid("import jwt\nclaims = jwt.decode(\n    token,\n    key,\n    options={\n        'verify_signature': False,\n    },\n)\n", 6),
        Invalid("import jwt\nclaims = jwt.decode(token, verify=False)\n", 2),
        Invalid("import jwt\nclaims = jwt.api_jwt.decode_complete(token, key, ['none'])\n", 2),
        Invalid("import jwt\nunsigned = jwt.encode(payload, None, algorithm='none')\nalso = jwt.encode(payload, key, None)\n", 2, 3),
        Invalid("import jwt\ndecoder = jwt.PyJWT(options={'verify_signature': False})\n", 2),
        Invalid("from jose import jwt\nclaims = jwt.decode(token, key, options={'verify_signature': False})\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _ALL)
        if name is None:
            return
        if name in _PYJWT_ENCODE:
            self._check_encode(node, ctx)
        elif name in _PYJWT_CONSTRUCTORS:
            self._check_options(ctx.argument(node, "options", _PYJWT_CONSTRUCTORS[name]), ctx)
        else:
            self._check_decode(node, ctx, pyjwt=name in _PYJWT_DECODE)

    def _check_decode(self, node: cst.Call, ctx, pyjwt: bool) -> None:
        algorithms = ctx.argument(node, "algorithms", 2)
        verify = ctx.keyword(node, "verify")
        if pyjwt and verify is None and algorithms is not None and ctx.literal(algorithms) is False:
            # PyJWT 1.x: decode(jwt, key, verify, algorithms, options)
            verify, algorithms = algorithms, ctx.keyword(node, "algorithms")
        if pyjwt and verify is not None and ctx.literal(verify) is False:
            self.report(ctx, verify, "JWT signature not verified (verify=False)")
        if algorithms is not None:
            self._check_algorithms(algorithms, ctx)
        self._check_options(ctx.argument(node, "options", 3), ctx)

    def _check_options(self, options: cst.BaseExpression | None, ctx) -> None:
        if options is None:
            return
        signature, direct = _option(ctx, options, "verify_signature")
        if signature is not None and ctx.literal(signature) is False:
            # Report on the flag when it is written in the call, else on the options argument.
            self.report(ctx, signature if direct else options, "JWT signature not verified (verify_signature=False)")
            return  # with the signature off, PyJWT turns every other check off too
        expiry, direct = _option(ctx, options, "verify_exp")
        if expiry is not None and ctx.literal(expiry) is False:
            self.report(ctx, expiry if direct else options, "token expiry not checked (verify_exp=False)",
                        hint="remove verify_exp=False; use leeway= for clock skew",
                        severity=MEDIUM)

    def _check_algorithms(self, algorithms: cst.BaseExpression, ctx) -> None:
        value = ctx.value_of(algorithms)
        if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
            elements = [element.value for element in value.elements if isinstance(element, cst.Element)]
        else:
            elements = [value]
        for element in elements:
            text = ctx.literal(element)
            if isinstance(text, str) and text.lower() == "none":
                # A list held in a constant is reported where it is passed.
                where = element if value is algorithms else algorithms
                self.report(ctx, where, f'JWT "none" algorithm accepted (algorithms=[{text!r}])')
                return

    def _check_encode(self, node: cst.Call, ctx) -> None:
        algorithm = ctx.argument(node, "algorithm", 2)
        if algorithm is None:
            return
        value = ctx.literal(algorithm)
        if value is None or (isinstance(value, str) and value.lower() == "none"):
            self.report(ctx, algorithm, f"unsigned JWT (algorithm={value!r})",
                        hint='sign the token: algorithm="HS256" with a secret key, or "RS256"/"ES256" with a private key')


def _option(ctx, options: cst.BaseExpression, key: str, depth: int = 0) -> tuple[cst.BaseExpression | None, bool]:
    """The value given for `key` in an options mapping (a dict literal, `dict(...)`, or a name
    bound to one; the last one wins, as in Python), and whether it is written inside `options`
    itself rather than reached through a name."""
    if depth > _MAX_DEPTH:
        return None, False
    mapping = ctx.value_of(options)
    direct = mapping is options
    found, found_direct = None, False
    if isinstance(mapping, cst.Dict):
        for element in mapping.elements:
            if isinstance(element, cst.DictElement):
                if ctx.literal(element.key) == key:
                    found, found_direct = element.value, direct
            elif isinstance(element, cst.StarredDictElement):
                inner, inner_direct = _option(ctx, element.value, key, depth + 1)
                if inner is not None:
                    found, found_direct = inner, direct and inner_direct
    elif isinstance(mapping, cst.Call) and ctx.qualname(mapping.func) == "builtins.dict":
        found, found_direct = ctx.keyword(mapping, key), direct
    return found, found_direct
