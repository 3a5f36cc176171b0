from __future__ import annotations

import dataclasses
import re

import libcst as cst

from stagewarden.rule import MEDIUM, Invalid, PythonRule

_FUNCTIONS = ("random", "randint", "randrange", "choice", "choices", "sample", "getrandbits", "uniform", "randbytes")
# Module functions, and the methods of a `random.Random()` instance (not `random.SystemRandom()`).
_RANDOM_CALLS = frozenset([f"random.{f}" for f in _FUNCTIONS] + [f"random.Random().{f}" for f in _FUNCTIONS])

# What a secret is called: whole word parts of snake_case / camelCase names. Not "tokens": in
# language-model code that is a list of words.
_SECRET_WORDS = frozenset(
    ["token", "password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets",
     "apikey", "privatekey", "nonce", "nonces", "salt", "salts", "otp", "pin", "csrf", "xsrf",
     "sessionid", "resetcode", "authcode"]
)
_SECRET_PAIRS = frozenset(
    [("api", "key"), ("private", "key"), ("session", "id"), ("reset", "code"), ("verification", "code"), ("auth", "code")]
)
# Words that make a secret-sounding name describe something else: `token_count`, `max_tokens`,
# `nonce_size`, `pin_memory` (PyTorch), `token_id` (a vocabulary index), `salt_rounds`.
_NOT_THE_SECRET = frozenset(
    ["count", "counts", "len", "length", "size", "num", "max", "min", "limit", "idx", "index", "indices",
     "id", "ids", "type", "types", "pos", "position", "offset", "memory", "budget", "usage", "ttl", "expiry",
     "expires", "expiration", "timeout", "lifetime", "age", "interval", "delay", "retries", "attempt",
     "attempts", "rounds", "iterations", "field", "header", "name", "names", "param", "label", "url",
     "path", "policy", "strength", "score", "weight", "weights", "probability", "prob", "rate", "ratio",
     "threshold", "color", "colour", "style", "mode", "kind", "format", "version", "level",
     # timing and rate limiting: `token_refill_jitter`, `token_bucket_rate`, `otp_resend_wait`
     "jitter", "refill", "bucket", "buckets", "backoff", "sleep", "wait"]
)

_COLLECTING_METHODS = frozenset(["append", "extend", "insert", "add"])

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_SEPARATOR = re.compile(r"[^A-Za-z0-9]+")

_SKIPPED_FIELDS = frozenset(["lpar", "rpar", "comma", "equal", "colon", "dot", "lbracket", "rbracket",
                             "lbrace", "rbrace", "operator", "star", "semicolon", "walrus", "lambda_", "asynchronous"])
_FIELDS: dict[type, tuple[str, ...]] = {}
def _blocks() -> tuple:
    """Node types that hold statements (a function, so that libcst loads only when used)."""
    return (cst.BaseSuite, cst.BaseCompoundStatement, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler,
            cst.Finally, cst.MatchCase)


def secret_word(name: str) -> str | None:
    """The secret `name` is named after ("token", "api_key"), or None."""
    words = [w.lower() for chunk in _SEPARATOR.split(name) for w in _WORD.findall(chunk)]
    found = None
    used: set[int] = set()
    for i in range(len(words) - 1):
        if (words[i], words[i + 1]) in _SECRET_PAIRS:
            found = f"{words[i]}_{words[i + 1]}"
            used.update((i, i + 1))
            break
    if found is None:
        for i, word in enumerate(words):
            if word in _SECRET_WORDS:
                found = word
                used.add(i)
                break
    if found is None:
        return None
    if any(word in _NOT_THE_SECRET for i, word in enumerate(words) if i not in used):
        return None
    return found


class InsecureRandomForSecrets(PythonRule):
    """
    ## What it does
    Finds values from the `random` module (`random.random`, `randint`, `randrange`, `choice`,
    `choices`, `sample`, `getrandbits`, `uniform`, `randbytes`, and the same methods of a
    `random.Random()` instance) used to make a secret:

    - the call is (part of) the value assigned to a name, attribute, subscript, dict key or
      keyword argument named like a secret: token, password, passwd, pwd, secret, api_key,
      private_key, nonce, salt, otp, pin, session_id, csrf, reset_code, verification_code,
      auth_code (whole word parts of snake_case or camelCase, so `tokenizer` and `spinner` do
      not count, nor `token_count`, `max_tokens` or `pin_memory`, nor names that pair the
      secret word with a timing or rate word such as `token_refill_jitter`,
      `token_refresh_interval` or `otp_resend_delay`);
    - or the call is returned (or assigned to the returned variable) in a function named like a
      secret, such as `def generate_token():`.

    Random numbers used for anything else (sampling, jitter, games, tests) are not reported,
    nor is `random.SystemRandom()`, which draws from the operating system. A random value used
    only for a length or loop count (`range(random.randint(8, 12))`) is not reported either.

    ## Why is this bad?
    `random` is a Mersenne Twister: fast and statistically good, but predictable. After seeing
    624 outputs an attacker can reconstruct its state and compute every past and future value,
    so tokens, passwords, password-reset codes or nonces made with it can be guessed.

    ## Example
    ```python
    import random, string

    def generate_token():
        return "".join(random.choice(string.ascii_letters) for _ in range(32))
    ```

    ## Use instead
    ```python
    import secrets, string

    def generate_token():
        return secrets.token_urlsafe(32)  # or "".join(secrets.choice(alphabet) for ...)
    ```

    ## Options
    None.

    ## Fix safety
    No fix is offered: the `secrets` equivalent depends on the call (`secrets.choice`,
    `secrets.randbelow`, `secrets.token_bytes`), and `random.sample`/`choices` have none.

    ## References
    - [CWE-330: Use of Insufficiently Random Values](https://cwe.mitre.org/data/definitions/330.html)
    - [CWE-338: Use of Cryptographically Weak PRNG](https://cwe.mitre.org/data/definitions/338.html)
    - [Python random: warning about security](https://docs.python.org/3/library/random.html)
    - [Python secrets module](https://docs.python.org/3/library/secrets.html)
    """

    id = "SW126"
    name = "insecure-random-for-secrets"
    summary = "Secret generated with the non-cryptographic random module"
    hint = "use the secrets module (secrets.token_urlsafe, secrets.choice, secrets.randbelow) or random.SystemRandom()"
    severity = MEDIUM
    confidence = MEDIUM
    cwe = (330, 338)
    tags = ("crypto", "random", "secrets")
    bandit = ("B311",)
    ruff = ("S311",)
    triggers = ("random",)

    VALID = [
        "import random, secrets\ntoken = secrets.token_urlsafe(32)\npassword = ''.join(secrets.choice(alphabet) for _ in range(16))\n",
        "import random\nrng = random.SystemRandom()\ntoken = ''.join(rng.choice(alphabet) for _ in range(32))\n",
        "import random\ndef pick_color():\n    return random.choice(colors)\n",
        "import random\ntokenizer = random.choice(tokenizers)\nspinner = random.choice(frames)\nmapping = random.sample(keys, 3)\n",
        "import random\nrandom.seed(42)\ntoken_count = random.randint(1, 10)\nloader = DataLoader(ds, pin_memory=random.choice([True, False]))\n",
        "import random\nmax_tokens = random.randint(100, 200)\ntoken_ids = random.sample(range(vocab_size), 8)\n",
        # Random only for the length of a securely generated token.
        "import random, secrets\ntoken = ''.join(secrets.choice(alphabet) for _ in range(random.randint(16, 32)))\n",
        "import random\ntoken = make_token(length=random.randint(16, 32))\n",
        "import random\ndef generate_token():\n    n = random.randint(1, 3)\n    return secrets.token_hex(16 * n)\n",
        # A local function named like the random one.
        "import random\ndef choice(items):\n    return items[0]\npassword = choice(candidates)\n",
        "import random\ntoken = picker.choice(tokens)\n",
        "import random\nif random.random() < 0.5:\n    token = refresh()\n",
        "import random\ntokens.append(random.choice(vocabulary))\nsamples.append(random.choice(tokens))\n",
        # A secret word together with a timing or rate word: not the secret itself.
        "import random\nclass Limiter:\n    def __init__(self):\n        self.token_refill_jitter = random.uniform(0, 0.05)\n",
        "import random\ntoken_bucket_rate = random.randint(5, 10)\ntoken_refresh_interval = random.uniform(240, 300)\n"
        "otp_resend_wait = random.randint(30, 60)\npassword_retry_backoff = random.random()\n",
        "import random\nsecret_rotation_delay = random.uniform(1, 5)\ntime.sleep(random.random())\ntoken_sleep = random.random()\n",
    ]
    INVALID = [
        Invalid("import random, string\ndef generate_token():\n    return ''.join(random.choice(string.ascii_letters) for _ in range(32))\n", 3),
        Invalid("import random\npassword = ''.join(random.choices(alphabet, k=16))\n", 2),
        Invalid("import random as r\napi_key = r.getrandbits(128)\n", 2),
        Invalid("from random import randint as ri\notp = ri(100000, 999999)\n", 2),
        Invalid("from random import *\nreset_code = randrange(10**6)\n", 2),
        Invalid("import random\nrng = random.Random()\nsession['csrfToken'] = rng.randbytes(16)\n", 3),
        Invalid("import random\nclass User:\n    def reset(self):\n        self.password_reset_code = random.randint(0, 10**8)\n", 4),
        Invalid("import random\ndef makeSessionId():\n    chars = [random.choice(ALPHABET) for _ in range(24)]\n    return ''.join(chars)\n", 3),
        Invalid("import random\nSECRET_KEY = ''.join(\n    random.choice(chars)\n    for _ in range(50)\n)\n", 3),
        Invalid("import random\nuser = User(name=name, password=str(random.random()))\ndata = {'pin': random.randint(1000, 9999)}\n", 2, 3),
        Invalid("import random\nsalt, nonce = random.randbytes(16), random.randbytes(12)\n", 2, 2),
        Invalid("import random\npin: int = random.randint(1000, 9999)\nsecret = ''\nsecret += random.choice(alphabet)\n", 2, 4),
        Invalid("import random\npassword = []\nfor _ in range(12):\n    password.append(random.choice(chars))\n", 4),
        # `refresh` alone is not a timing word: a refresh token is a secret.
        Invalid("import random\nrefresh_token = ''.join(random.choices(alphabet, k=40))\n", 2),
    ]

    def __init__(self, options=None, severity=None):
        super().__init__(options, severity)
        self._file = None
        # id() of each small statement in a function named like a secret -> (word, returned names)
        self._in_secret_function: dict[int, tuple[str, frozenset[str]]] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef, ctx) -> None:
        word = secret_word(node.name.value)
        if word is None:
            return
        smalls = list(_small_statements(node.body))
        returned: set[str] = set()
        for small in smalls:
            if isinstance(small, cst.Return) and small.value is not None:
                _returned_names(small.value, returned, 0)
        info = (word, frozenset(returned))
        registry = self._registry(ctx)
        for small in smalls:
            registry[id(small)] = info

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _RANDOM_CALLS)
        if name is None:
            return
        for small in _candidate_smalls(ctx.statement):
            chain = _path(small, node)
            if chain is not None:
                word = self._secret_for(chain, small, ctx)
                if word is not None:
                    self.report(ctx, node, f"predictable random value used as a secret ({name}, for {word})")
                return

    # -- where does the random value go? ---------------------------------------------------
    def _secret_for(self, chain: list[tuple[cst.CSTNode, cst.CSTNode]], small: cst.CSTNode, ctx) -> str | None:
        """Walk outwards from the call; the first named slot (keyword, dict key, assignment target,
        returning function) decides. None when the value is not a secret."""
        for parent, child in chain:
            if isinstance(parent, cst.Arg):
                if parent.keyword is not None:
                    return secret_word(parent.keyword.value)
            elif isinstance(parent, cst.Call):
                if child is parent.func:
                    continue
                if ctx.qualname(parent.func) == "builtins.range":
                    return None  # a loop count or length, not the secret itself
            elif isinstance(parent, cst.CompFor):
                if child is parent.iter:
                    return None
            elif isinstance(parent, (cst.Comparison, cst.If)) or (isinstance(parent, cst.IfExp) and child is parent.test):
                return None  # a yes/no decision, not secret material
            elif isinstance(parent, cst.DictElement):
                if child is parent.value:
                    key = ctx.literal(parent.key)
                    if isinstance(key, str):
                        return secret_word(key)
            elif isinstance(parent, cst.NamedExpr):
                return secret_word(parent.target.value) if isinstance(parent.target, cst.Name) else None
        # The small statement itself.
        if isinstance(small, cst.Return):
            info = self._function_of(small, ctx)
            return info[0] if info is not None else None
        targets = _assigned_targets(small, chain)
        if not targets:
            return None
        for target in targets:
            word = _target_word(target, ctx)
            if word is not None:
                return word
        info = self._function_of(small, ctx)
        if info is not None and any(isinstance(t, cst.Name) and t.value in info[1] for t in targets):
            return info[0]
        return None

    def _registry(self, ctx) -> dict[int, tuple[str, frozenset[str]]]:
        if self._file is not ctx:  # a new file: forget the previous file's statements
            self._file = ctx
            self._in_secret_function = {}
        return self._in_secret_function

    def _function_of(self, small: cst.CSTNode, ctx) -> tuple[str, frozenset[str]] | None:
        if self._file is not ctx:
            return None
        return self._in_secret_function.get(id(small))


# -- tree helpers (only run once a random call has been found) -------------------------------
def _children(node: cst.CSTNode):
    names = _FIELDS.get(type(node))
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(node)
                      if f.name not in _SKIPPED_FIELDS and not f.name.startswith("whitespace"))
        _FIELDS[type(node)] = names
    for name in names:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (tuple, list)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


def _path(root: cst.CSTNode, target: cst.CSTNode) -> list[tuple[cst.CSTNode, cst.CSTNode]] | None:
    """(ancestor, child-on-the-path) pairs from `target` up to `root`, innermost first."""
    parents: dict[int, cst.CSTNode] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if node is target:
            chain = []
            while node is not root:
                parent = parents[id(node)]
                chain.append((parent, node))
                node = parent
            return chain
        for child in _children(node):
            parents[id(child)] = node
            stack.append(child)
    return None


def _candidate_smalls(statement: cst.CSTNode | None):
    """The small statements a call in `statement` can sit in (one-line bodies included)."""
    if isinstance(statement, cst.SimpleStatementLine):
        yield from statement.body
    elif isinstance(statement, cst.BaseCompoundStatement):
        for part in (statement, getattr(statement, "orelse", None)):
            body = getattr(part, "body", None)
            if isinstance(body, cst.SimpleStatementSuite):
                yield from body.body


def _small_statements(block: cst.CSTNode):
    """Small statements of a function body, through if/for/with/try blocks, not nested defs."""
    stack = [block]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            yield from node.body
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            continue
        elif isinstance(node, cst.IndentedBlock):
            stack.extend(node.body)
        else:
            blocks = _blocks()
            stack.extend(child for child in _children(node) if isinstance(child, blocks))


def _returned_names(expr: cst.BaseExpression, found: set[str], depth: int) -> None:
    """Names whose value is (part of) what a function returns: `return token`,
    `return "".join(chars)`, `return prefix + token`, `return f"{token}"`; not names that only
    shape it (`range(n)` in a generator, `token_hex(16 * n)`)."""
    if depth > 6:
        return
    if isinstance(expr, cst.Name):
        found.add(expr.value)
    elif isinstance(expr, (cst.Tuple, cst.List)):
        for element in expr.elements:
            _returned_names(element.value, found, depth + 1)
    elif isinstance(expr, cst.Dict):
        for element in expr.elements:
            if isinstance(element, cst.DictElement):
                _returned_names(element.value, found, depth + 1)
    elif isinstance(expr, cst.BinaryOperation):
        _returned_names(expr.left, found, depth + 1)
        _returned_names(expr.right, found, depth + 1)
    elif isinstance(expr, cst.FormattedString):
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringExpression):
                _returned_names(part.expression, found, depth + 1)
    elif isinstance(expr, (cst.Await, cst.Subscript)):
        _returned_names(expr.expression if isinstance(expr, cst.Await) else expr.value, found, depth + 1)
    elif isinstance(expr, cst.Call):
        if isinstance(expr.func, cst.Attribute):
            _returned_names(expr.func.value, found, depth + 1)
        for arg in expr.args:
            if isinstance(arg.value, (cst.Name, cst.Call)):
                _returned_names(arg.value, found, depth + 1)


def _assigned_targets(small: cst.CSTNode, chain) -> list[cst.BaseExpression]:
    """The targets the random value is assigned to, matching tuple elements when both sides are
    tuples; `password.append(value)` counts as adding to `password`."""
    if isinstance(small, cst.Expr):
        call = small.value
        if (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
                and call.func.attr.value in _COLLECTING_METHODS and _on_path(call, chain)):
            return [call.func.value]
        return []
    if isinstance(small, (cst.AnnAssign, cst.AugAssign)):
        return [small.target] if _on_path(small.value, chain) else []
    if not isinstance(small, cst.Assign) or not _on_path(small.value, chain):
        return []
    value = small.value
    result: list[cst.BaseExpression] = []
    for assign_target in small.targets:
        target = assign_target.target
        if (isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List))
                and len(target.elements) == len(value.elements)):
            for element, value_element in zip(target.elements, value.elements):
                if _on_path(value_element, chain):
                    result.append(element.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            result.extend(element.value for element in target.elements)
        else:
            result.append(target)
    return result


def _on_path(node: cst.CSTNode | None, chain) -> bool:
    return node is not None and any(child is node for _, child in chain)


def _target_word(target: cst.BaseExpression, ctx) -> str | None:
    if isinstance(target, cst.Name):
        return secret_word(target.value)
    if isinstance(target, cst.Attribute):
        return secret_word(target.attr.value)
    if isinstance(target, cst.StarredElement):
        return _target_word(target.value, ctx)
    if isinstance(target, cst.Subscript):
        if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            key = ctx.literal(target.slice[0].slice.value)
            if isinstance(key, str):
                return secret_word(key)
        return _target_word(target.value, ctx)
    return None
