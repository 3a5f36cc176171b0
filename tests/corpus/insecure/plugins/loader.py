"""Loads customer plugins: a YAML manifest and Python hooks."""

import yaml as yml
from ruamel.yaml import YAML
from yaml import FullLoader
from yaml import load as load_yaml

yaml_rt = YAML(typ="unsafe")  # expect: SW105


def load_manifest(path):
    with open(path) as fh:
        return yml.load(fh, Loader=yml.Loader)  # expect: SW105


def load_plugin_config(stream):
    return load_yaml(stream, Loader=FullLoader)  # expect: SW105


def load_all_documents(stream):
    return list(yml.unsafe_load_all(stream))  # expect: SW105


def run_hook(plugin, hook_source):
    code = compile(hook_source, plugin.name, "exec")  # expect: SW112
    exec(code, {"plugin": plugin})


def evaluate(expression, context):
    evaluator = eval
    return evaluator(expression, {}, context)  # expect: SW112
