from __future__ import annotations

import libcst as cst

from stagewarden.rule import HIGH, MEDIUM, Invalid, PythonRule

_PICKLE_MODULES = ("pickle", "cPickle", "_pickle", "dill", "cloudpickle")

# Load-side APIs only: dumping is harmless. `Unpickler(...)` is reported where it is built, so
# `pickle.Unpickler(f).load()` is one finding.
_LOADERS = frozenset(
    [f"{module}.{function}" for module in _PICKLE_MODULES for function in ("load", "loads", "Unpickler")]
    + [
        "shelve.open", "shelve.DbfilenameShelf", "shelve.Shelf", "shelve.BsdDbShelf",
        "jsonpickle.decode", "jsonpickle.unpickler.decode", "jsonpickle.unpickler.Unpickler",
        "joblib.load", "joblib.numpy_pickle.load", "sklearn.externals.joblib.load",
        "pandas.read_pickle", "pandas.io.pickle.read_pickle",
    ]
)
# Keras refuses to deserialize Python code (lambdas) in a model unless `safe_mode=False`.
_KERAS_LOAD_MODEL = frozenset(
    f"{prefix}.{function}"
    for prefix in ("keras", "tensorflow.keras", "tf_keras")
    for function in ("models.load_model", "saving.load_model")
)


class PickleDeserialization(PythonRule):
    """
    ## What it does
    Finds data deserialized with pickle or a library built on it: `pickle.load()`,
    `pickle.loads()` and `pickle.Unpickler` (also `cPickle`, `_pickle`, `dill`, `cloudpickle`),
    `shelve.open()`, `jsonpickle.decode()`, `joblib.load()`, `pandas.read_pickle()`, and Keras
    `load_model(..., safe_mode=False)`. Only the loading side is reported: `pickle.dumps()` is fine.

    ## Why is this bad?
    A pickle is a small program that the unpickler runs: it can import any module and call
    any function (`os.system`, `subprocess.Popen`, ...). Loading a pickle that an attacker
    could write or replace (an upload, a cache in a shared directory, a model downloaded from
    the internet, a message from a queue) gives them code execution in your process. No
    option of `pickle.load()` makes it safe. Confidence is medium because the data may come
    from a source only you control.

    ## Example
    ```python
    import pickle

    session = pickle.loads(request.cookies["session"])
    ```

    ## Use instead
    ```python
    import json

    session = json.loads(request.cookies["session"])
    ```

    If you must exchange pickles, sign them (`hmac`) and verify the signature before
    loading, or subclass `pickle.Unpickler` and restrict `find_class()` to an allow-list.
    For models, prefer formats that hold only data (safetensors, ONNX, Keras `.keras` files
    loaded with the default `safe_mode=True`).

    ## Options
    None.

    ## Fix safety
    No fix is offered: replacing the serialization format changes the data on disk or on
    the wire.

    ## References
    - [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
    - [Python documentation: pickle (security warning)](https://docs.python.org/3/library/pickle.html)
    - [Python documentation: restricting globals](https://docs.python.org/3/library/pickle.html#restricting-globals)
    - [joblib: persistence security](https://joblib.readthedocs.io/en/stable/persistence.html)
    - [Keras: load_model and safe_mode](https://keras.io/api/models/model_saving_apis/model_saving_and_loading/)
    """

    id = "SW106"
    name = "pickle-deserialization"
    summary = "Data deserialized with pickle or a pickle-based loader"
    hint = "load a data-only format (JSON, safetensors), or verify an HMAC signature before unpickling"
    severity = HIGH
    confidence = MEDIUM
    cwe = (502,)
    tags = ("deserialization",)
    bandit = ("B301", "B403")
    ruff = ("S301", "S403")
    triggers = (
        "pickle", "cPickle", "_pickle", "dill", "cloudpickle", "shelve", "jsonpickle", "joblib", "read_pickle",
        "load_model",
    )

    VALID = [
        "import pickle\nblob = pickle.dumps(obj)\nwith open(p, 'wb') as f:\n    pickle.dump(obj, f)\n",
        "import json\ndata = json.loads(text)\n",
        "import pickle\ndef load(path):\n    return path.read_bytes()\nload(p)\n",
        "import pickle\nclass SafeUnpickler(pickle.Unpickler):\n    def find_class(self, module, name):\n        raise pickle.UnpicklingError(name)\nobj = SafeUnpickler(f).load()\n",
        "import yaml\nimport pickle\nconfig = loader.load(stream)\n",
        "import torch\nimport pickle\nstate = torch.load(p, weights_only=True)\n",
        "import keras\nmodel = keras.models.load_model('model.keras')\n",
        "import keras\nmodel = keras.models.load_model('model.keras', safe_mode=True)\n",
        "import pandas as pd\ndf = pd.read_csv(path)\ndf.to_pickle(out)\n",
        "import jsonpickle\ntext = jsonpickle.encode(obj)\n",
        # Plain `open()` is not `shelve.open()`.
        "import shelve\nwith open(path) as f:\n    data = f.read()\n",
    ]
    INVALID = [
        Invalid("import pickle\nobj = pickle.loads(blob)\n", 2),
        Invalid("import pickle as pk\nwith open(p, 'rb') as f:\n    obj = pk.load(f)\n", 3),
        Invalid("from pickle import loads as unpickle\nobj = unpickle(blob)\n", 2),
        Invalid("from dill import *\nobj = loads(blob)\n", 2),
        Invalid("import cloudpickle\nobj = cloudpickle.loads(\n    blob,\n)\n", 2),
        # Counted once: the Unpickler construction, not the .load() on it.
        Invalid("import pickle\nunpickler = pickle.Unpickler(f)\nobj = unpickler.load()\n", 2),
        Invalid("import _pickle\nobj = _pickle.Unpickler(f).load()\n", 2),
        Invalid("import shelve\ndb = shelve.open('cache.db')\n", 2),
        Invalid("import jsonpickle\nobj = jsonpickle.decode(text)\nother = jsonpickle.unpickler.decode(text)\n", 2, 3),
        Invalid("import joblib\nmodel = joblib.load('model.pkl')\n", 2),
        Invalid("from sklearn.externals import joblib\nmodel = joblib.load('model.pkl')\n", 2),
        Invalid("import pandas as pd\ndf = pd.read_pickle(path)\n", 2),
        Invalid("import keras\nmodel = keras.models.load_model(path, safe_mode=False)\n", 2),
        Invalid("import tensorflow as tf\nSAFE = False\nmodel = tf.keras.models.load_model(\n    path,\n    safe_mode=SAFE,\n)\n", 5),
        Invalid("from keras.models import load_model\nmodel = load_model(path, **{'safe_mode': False})\n", 2),
    ]

    def visit_Call(self, node: cst.Call, ctx) -> None:
        name = ctx.match_call(node, _LOADERS)
        if name is not None:
            self.report(ctx, node, f"{name} deserializes arbitrary objects: loading untrusted data runs code")
            return
        name = ctx.match_call(node, _KERAS_LOAD_MODEL)
        if name is not None:
            value = ctx.keyword(node, "safe_mode")
            if value is not None and ctx.literal(value) is False:
                self.report(ctx, value, f"{name} may run code stored in the model file (safe_mode=False)",
                            hint="remove safe_mode=False, and rebuild Lambda layers in code instead of loading them")
