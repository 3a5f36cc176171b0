"""Churn prediction and the support assistant model."""

import pickle

import joblib
import numpy as np
import pandas as pd
import torch
import yaml
from torch import load as torch_load
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

from .nets import ChurnNet

MODEL_ID = "acme/portal-assistant-7b"
TRUST_HUB_CODE = True


def load_config(path):
    with open(path) as f:
        return yaml.load(f)  # expect: SW105


def load_model(checkpoint):
    model = ChurnNet()
    model.load_state_dict(torch.load(checkpoint))  # expect: SW108
    model.eval()
    return model


def load_full_model(path):
    return torch_load(path, map_location="cpu", weights_only=False)  # expect: SW108


def load_features(path):
    return np.load(path, allow_pickle=True)  # expect: SW109


def load_vectorizer(path):
    with open(path, "rb") as f:
        return pickle.load(f)  # expect: SW106


classifier = joblib.load("models/churn.joblib")  # expect: SW106
history = pd.read_pickle("data/history.pkl")  # expect: SW106

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, trust_remote_code=True)  # expect: SW139
assistant = AutoModelForCausalLM.from_pretrained(
    MODEL_ID,
    trust_remote_code=TRUST_HUB_CODE,  # expect: SW139
    device_map="auto",
)
summarizer = pipeline("summarization", model=MODEL_ID, **{"trust_remote_code": True})  # expect: SW139
